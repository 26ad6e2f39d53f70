// controller.ControllerExpectations and UIDTrackingControllerExpectations
// (pkg/controller/controller_utils.go): how many creates and deletes a controller is still
// waiting to see through its informer. While a key has unfulfilled expectations the controller
// does not create or delete again, so the lag between a write and its watch event never makes it
// act twice. Expectations expire after 5 minutes (ExpectationsTimeout), on the virtual clock.

import type { Simulation } from "../sim/simulation";
import { MINUTE } from "../sim/time";

/** ExpectationsTimeout: after this, a controller acts even if the watch never confirmed its writes. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * MINUTE;

interface ControlleeExpectations {
  add: number;
  del: number;
  /** Simulated ms when the expectations were set. */
  readonly timestamp: number;
}

export class ControllerExpectations {
  private readonly expectations = new Map<string, ControlleeExpectations>();
  /** UIDTrackingControllerExpectations: the pod keys (`namespace/name`) each controller expects to see deleted. */
  private readonly deletions = new Map<string, Set<string>>();

  constructor(private readonly sim: Simulation) {}

  /** SatisfiedExpectations: no expectations, all observed, or expired. */
  satisfied(controllerKey: string): boolean {
    const exp = this.expectations.get(controllerKey);
    if (!exp) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.sim.now - exp.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  /** ExpectCreations: replaces whatever was expected before. */
  expectCreations(controllerKey: string, adds: number): void {
    this.expectations.set(controllerKey, { add: adds, del: 0, timestamp: this.sim.now });
  }

  /** ExpectDeletions (UID-tracking): remembers which pods, so each deletion is counted once. */
  expectDeletions(controllerKey: string, podKeys: readonly string[]): void {
    this.deletions.set(controllerKey, new Set(podKeys));
    this.expectations.set(controllerKey, { add: 0, del: podKeys.length, timestamp: this.sim.now });
  }

  creationObserved(controllerKey: string): void {
    const exp = this.expectations.get(controllerKey);
    if (exp) exp.add--;
  }

  /** DeletionObserved: counts only a pod this controller was waiting for, and only once. */
  deletionObserved(controllerKey: string, podKey: string): void {
    const keys = this.deletions.get(controllerKey);
    if (!keys?.delete(podKey)) return;
    const exp = this.expectations.get(controllerKey);
    if (exp) exp.del--;
  }

  /** DeleteExpectations: the controller is gone (or recreated under the same name). */
  delete(controllerKey: string): void {
    this.expectations.delete(controllerKey);
    this.deletions.delete(controllerKey);
  }

  /** What is still expected, for tests and the narration: undefined when nothing was set. */
  get(controllerKey: string): { readonly add: number; readonly del: number } | undefined {
    const exp = this.expectations.get(controllerKey);
    return exp ? { add: exp.add, del: exp.del } : undefined;
  }
}
