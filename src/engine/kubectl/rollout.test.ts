import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/objects";
import { Users } from "../apiserver/handlerChain";
import type { DeploymentObject } from "../controllers/deploymentUtil";
import { deployment, replicaSet, template } from "../controllers/deploymentTestFixtures";
import { type ControllerTestbed, RecordingApiClient, controllerTestbed } from "../testing/controllerTestbed";
import type { CommandResult } from "./kubectl";
import { rolloutHistory, rolloutPause, rolloutRestart, rolloutResume, rolloutUndo } from "./rollout";

const OLD = "nginx:1.27";
const NEW = "nginx:1.28";
const GET_D = "GET /apis/apps/v1/namespaces/default/deployments/web";
const LIST_RS = "GET /apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb";
const PATCH_D = "PATCH /apis/apps/v1/namespaces/default/deployments/web";

function kubectl(objects: KubeObject[]): { tb: ControllerTestbed; client: RecordingApiClient } {
  const tb = controllerTestbed(objects);
  return { tb, client: new RecordingApiClient(tb.sim, "kubectl", Users.admin, tb.apiserver) };
}

function run(tb: ControllerTestbed, command: (done: (r: CommandResult) => void) => void): CommandResult {
  let result: CommandResult | undefined;
  command((r) => (result = r));
  tb.run();
  if (!result) throw new Error("no answer");
  return result;
}

const stored = (tb: ControllerTestbed) => tb.get("deployments", "default", "web") as DeploymentObject;

/** Two revisions: 1 (nginx:1.27, with a change-cause) and 2 (nginx:1.28, current). */
function twoRevisions(extra: { paused?: boolean } = {}): KubeObject[] {
  const d = deployment({ image: NEW, revision: 2, ...extra });
  const old = replicaSet(OLD, { replicas: 0, revision: 1, created: -200 });
  const annotated = {
    ...old,
    metadata: {
      ...old.metadata,
      annotations: { ...old.metadata.annotations, "kubernetes.io/change-cause": "first" },
    },
  };
  return [d, annotated, replicaSet(NEW, { replicas: 3, revision: 2, created: -100 })];
}

describe("kubectl rollout undo", () => {
  it("patches the previous revision's template back, without its pod-template-hash label", () => {
    const { tb, client } = kubectl(twoRevisions());
    expect(run(tb, (done) => rolloutUndo(client, "default", "web", undefined, done))).toEqual({
      ok: true,
      message: "deployment.apps/web rolled back",
    });
    expect(client.calls({ includeReads: true })).toEqual([GET_D, GET_D, LIST_RS, PATCH_D]);
    expect(stored(tb).spec?.template).toEqual(template(OLD));
    // The ReplicaSet's own annotations come along; the Deployment keeps its revision annotation.
    expect(stored(tb).metadata.annotations).toEqual({
      "deployment.kubernetes.io/revision": "2",
      "kubernetes.io/change-cause": "first",
    });
  });

  it("prints kubectl's errors and skips a rollback to the current template", () => {
    const { tb, client } = kubectl(twoRevisions());
    expect(run(tb, (done) => rolloutUndo(client, "default", "web", 5, done))).toEqual({
      ok: false,
      message: "error: unable to find specified revision 5 in history",
    });
    expect(run(tb, (done) => rolloutUndo(client, "default", "web", 2, done)).message).toBe(
      "deployment.apps/web skipped rollback (current template already matches revision 2)",
    );
    expect(run(tb, (done) => rolloutUndo(client, "default", "api", 1, done)).message).toBe(
      'Error from server (NotFound): deployments.apps "api" not found',
    );
    expect(client.calls()).toEqual([]);
  });

  it("refuses a paused Deployment and one without an earlier revision", () => {
    const paused = kubectl(twoRevisions({ paused: true }));
    expect(run(paused.tb, (done) => rolloutUndo(paused.client, "default", "web", 1, done)).message).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again",
    );
    const single = kubectl([
      deployment({ image: NEW, revision: 1 }),
      replicaSet(NEW, { replicas: 3, revision: 1 }),
    ]);
    expect(
      run(single.tb, (done) => rolloutUndo(single.client, "default", "web", undefined, done)).message,
    ).toBe('error: no rollout history found for deployment "web"');
  });
});

describe("kubectl rollout history, pause, resume, restart", () => {
  it("history lists the revisions with their change-cause", () => {
    const { tb, client } = kubectl(twoRevisions());
    expect(run(tb, (done) => rolloutHistory(client, "default", "web", done)).message).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first\n2         <none>\n",
    );
  });

  it("pause and resume patch spec.paused, and say when there is nothing to do", () => {
    const { tb, client } = kubectl(twoRevisions());
    expect(run(tb, (done) => rolloutResume(client, "default", "web", done)).message).toBe(
      'error: deployments.apps "web" is not paused',
    );
    expect(run(tb, (done) => rolloutPause(client, "default", "web", done)).message).toBe(
      "deployment.apps/web paused",
    );
    expect(stored(tb).spec?.paused).toBe(true);
    expect(run(tb, (done) => rolloutPause(client, "default", "web", done)).message).toBe(
      'error: deployments.apps "web" is already paused',
    );
    expect(run(tb, (done) => rolloutRestart(client, "default", "web", done)).message).toBe(
      `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)`,
    );
    expect(run(tb, (done) => rolloutResume(client, "default", "web", done)).message).toBe(
      "deployment.apps/web resumed",
    );
    expect(stored(tb).spec?.paused).toBeUndefined();
    expect(client.calls()).toEqual([PATCH_D, PATCH_D]);
  });

  it("restart stamps kubectl.kubernetes.io/restartedAt on the template, once per second", () => {
    const { tb, client } = kubectl(twoRevisions());
    expect(run(tb, (done) => rolloutRestart(client, "default", "web", done)).message).toBe(
      "deployment.apps/web restarted",
    );
    expect(stored(tb).spec?.template?.metadata?.annotations).toEqual({
      "kubectl.kubernetes.io/restartedAt": tb.sim.timestamp(),
    });
    expect(run(tb, (done) => rolloutRestart(client, "default", "web", done)).message).toBe(
      "error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another",
    );
  });
});
