// Container validation, after pkg/apis/core/validation/validation.go of Kubernetes 1.32:
// validateContainers, validateInitContainers, validateContainerCommon, validateContainerPorts,
// checkHostPortConflicts, ValidateContainerUpdates, the probe checks (validateLivenessProbe,
// validateReadinessProbe, validateStartupProbe), validateLifecycle, validateHandler and
// ValidatePortNumOrName. Env, volume mounts and resources are checked in sibling files.

import type { Container, ContainerPort, LifecycleHandler, Probe } from "kubernetes-types/core/v1";
import type { Volume } from "../../api/objects";
import { fieldError, type FieldError } from "../../api/status";
import { regexError } from "../../util/labels";
import { validateEnv, validateEnvFrom } from "./envValidation";
import { validateNonnegativeField } from "./metaValidation";
import { validateResourceRequirements } from "./resourceValidation";
import { dnsLabelErrors, idx, portNameErrors, portNumErrors } from "./validationHelpers";
import { validateVolumeMounts } from "./volumeValidation";

/** validateContainers (regular containers). */
export function validateContainers(
  containers: readonly Container[],
  volumes: Map<string, Volume>,
  gracePeriod: number,
  path: string,
): FieldError[] {
  if (containers.length === 0) return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const cPath = idx(path, i);
    errs.push(...validateContainerCommon(c, volumes, cPath));
    if (names.has(c.name)) errs.push(fieldError.duplicate(`${cPath}.name`, c.name));
    else names.add(c.name);
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, gracePeriod, `${cPath}.lifecycle`));
    errs.push(...validateProbe(c.livenessProbe, `${cPath}.livenessProbe`, "liveness"));
    errs.push(...validateProbe(c.readinessProbe, `${cPath}.readinessProbe`, "readiness"));
    errs.push(...validateProbe(c.startupProbe, `${cPath}.startupProbe`, "startup"));
    if (c.restartPolicy !== undefined)
      errs.push(fieldError.forbidden(`${cPath}.restartPolicy`, "may not be set for non-init containers"));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

/** validateInitContainers. */
export function validateInitContainers(
  containers: readonly Container[],
  regular: readonly Container[],
  volumes: Map<string, Volume>,
  gracePeriod: number,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(regular.map((c) => c.name));
  containers.forEach((c, i) => {
    const cPath = idx(path, i);
    errs.push(...validateContainerCommon(c, volumes, cPath));
    let restartAlways = false;
    if (c.restartPolicy !== undefined) {
      if (c.restartPolicy !== "Always")
        errs.push(fieldError.notSupported(`${cPath}.restartPolicy`, c.restartPolicy, ["Always"]));
      restartAlways = c.restartPolicy === "Always";
    }
    if (names.has(c.name)) errs.push(fieldError.duplicate(`${cPath}.name`, c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], path));
    if (restartAlways) {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, gracePeriod, `${cPath}.lifecycle`));
      errs.push(...validateProbe(c.livenessProbe, `${cPath}.livenessProbe`, "liveness"));
      errs.push(...validateProbe(c.readinessProbe, `${cPath}.readinessProbe`, "readiness"));
      errs.push(...validateProbe(c.startupProbe, `${cPath}.startupProbe`, "startup"));
    } else {
      const notForInit = "may not be set for init containers without restartPolicy=Always";
      if (c.lifecycle) errs.push(fieldError.forbidden(`${cPath}.lifecycle`, notForInit));
      if (c.livenessProbe) errs.push(fieldError.forbidden(`${cPath}.livenessProbe`, notForInit));
      if (c.readinessProbe) errs.push(fieldError.forbidden(`${cPath}.readinessProbe`, notForInit));
      if (c.startupProbe) errs.push(fieldError.forbidden(`${cPath}.startupProbe`, notForInit));
    }
  });
  return errs;
}

/** validateContainerCommon: name, image, ports, env, mounts, pull policy, resources. */
function validateContainerCommon(c: Container, volumes: Map<string, Volume>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldError.required(`${path}.name`));
  else errs.push(...dnsLabelErrors(c.name, `${path}.name`));
  if (!c.image) errs.push(fieldError.required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (tmp && tmp !== "File" && tmp !== "FallbackToLogsOnError")
    errs.push(
      fieldError.notSupported(`${path}.terminationMessagePolicy`, tmp, ["File", "FallbackToLogsOnError"]),
    );
  errs.push(...validateContainerPorts(c.ports ?? [], `${path}.ports`));
  errs.push(...validateEnv(c.env ?? [], `${path}.env`));
  errs.push(...validateEnvFrom(c.envFrom ?? [], `${path}.envFrom`));
  errs.push(...validateVolumeMounts(c.volumeMounts ?? [], volumes, `${path}.volumeMounts`));
  const pull = c.imagePullPolicy;
  if (pull && pull !== "Always" && pull !== "IfNotPresent" && pull !== "Never")
    errs.push(fieldError.notSupported(`${path}.imagePullPolicy`, pull, ["Always", "IfNotPresent", "Never"]));
  errs.push(...validateResourceRequirements(c.resources ?? {}, `${path}.resources`));
  return errs;
}

/** ValidateContainerUpdates. */
export function validateContainerUpdates(
  newContainers: readonly Container[],
  oldContainers: readonly Container[],
  field: string,
): { errors: FieldError[]; stop: boolean } {
  if (newContainers.length !== oldContainers.length)
    return {
      errors: [fieldError.forbidden(field, "pod updates may not add or remove containers")],
      stop: true,
    };
  const errors: FieldError[] = [];
  newContainers.forEach((c, i) => {
    const image = c.image ?? "";
    if (image.length === 0) errors.push(fieldError.required(`${idx(field, i)}.image`));
    if (image.trim().length !== image.length)
      errors.push(
        fieldError.invalid(`${idx(field, i)}.image`, image, "must not have leading or trailing whitespace"),
      );
  });
  return { errors, stop: false };
}

// ---- ports ------------------------------------------------------------------------------------

const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"];

/** validateContainerPorts. */
function validateContainerPorts(ports: readonly ContainerPort[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pPath = idx(path, i);
    if (p.name) {
      const msgs = portNameErrors(p.name);
      if (msgs.length > 0)
        for (const msg of msgs) errs.push(fieldError.invalid(`${pPath}.name`, p.name, msg));
      else if (names.has(p.name)) errs.push(fieldError.duplicate(`${pPath}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(fieldError.required(`${pPath}.containerPort`));
    else
      for (const msg of portNumErrors(p.containerPort))
        errs.push(fieldError.invalid(`${pPath}.containerPort`, p.containerPort, msg));
    if (p.hostPort)
      for (const msg of portNumErrors(p.hostPort))
        errs.push(fieldError.invalid(`${pPath}.hostPort`, p.hostPort, msg));
    // An empty protocol is defaulted to TCP.
    if (p.protocol && !SUPPORTED_PORT_PROTOCOLS.includes(p.protocol))
      errs.push(fieldError.notSupported(`${pPath}.protocol`, p.protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

/** checkHostPortConflicts: `protocol/hostIP/port` must be unique across the containers given. */
function checkHostPortConflicts(containers: readonly Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const id = `${p.protocol || "TCP"}/${p.hostIP ?? ""}/${p.hostPort}`;
      if (seen.has(id)) errs.push(fieldError.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, id));
      else seen.add(id);
    });
  });
  return errs;
}

// ---- probes and lifecycle hooks -------------------------------------------------------------------

type ProbeKind = "liveness" | "readiness" | "startup";

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
function validateProbe(probe: Probe | undefined, path: string, kind: ProbeKind): FieldError[] {
  if (!probe) return [];
  const errs = validateHandler(probe, path);
  // Absent or zero values are defaulted (timeoutSeconds 1, periodSeconds 10, thresholds 1 and 3).
  errs.push(...validateNonnegativeField(probe.initialDelaySeconds, `${path}.initialDelaySeconds`));
  errs.push(...validateNonnegativeField(probe.timeoutSeconds, `${path}.timeoutSeconds`));
  errs.push(...validateNonnegativeField(probe.periodSeconds, `${path}.periodSeconds`));
  errs.push(...validateNonnegativeField(probe.successThreshold, `${path}.successThreshold`));
  errs.push(...validateNonnegativeField(probe.failureThreshold, `${path}.failureThreshold`));
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps <= 0)
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, tgps, "must be greater than 0"));
  if (kind === "readiness") {
    if (tgps !== undefined)
      errs.push(
        fieldError.invalid(
          `${path}.terminationGracePeriodSeconds`,
          tgps,
          "must not be set for readinessProbes",
        ),
      );
  } else if ((probe.successThreshold || 1) !== 1) {
    // A zero threshold is defaulted to 1.
    errs.push(fieldError.invalid(`${path}.successThreshold`, probe.successThreshold, "must be 1"));
  }
  return errs;
}

function validateLifecycle(
  lifecycle: { postStart?: LifecycleHandler; preStop?: LifecycleHandler },
  gracePeriod: number,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart)
    errs.push(...validateHandler(lifecycle.postStart, `${path}.postStart`, gracePeriod));
  if (lifecycle.preStop) errs.push(...validateHandler(lifecycle.preStop, `${path}.preStop`, gracePeriod));
  return errs;
}

/** validateHandler: exactly one of exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks). */
function validateHandler(
  handler: Probe | LifecycleHandler,
  path: string,
  gracePeriod?: number,
): FieldError[] {
  const h = handler as Probe & LifecycleHandler;
  const errs: FieldError[] = [];
  let handlers = 0;
  const one = (field: string, present: boolean, check: () => FieldError[]): void => {
    if (!present) return;
    if (handlers > 0) {
      errs.push(fieldError.forbidden(`${path}.${field}`, "may not specify more than 1 handler type"));
      return;
    }
    handlers++;
    errs.push(...check());
  };
  one("exec", h.exec !== undefined, () =>
    (h.exec?.command ?? []).length === 0 ? [fieldError.required(`${path}.exec.command`)] : [],
  );
  one("httpGet", h.httpGet !== undefined, () => {
    const get = h.httpGet;
    if (!get) return [];
    // path defaults to "/" and scheme to HTTP.
    const out = validatePortNumOrName(get.port, `${path}.httpGet.port`);
    if (get.scheme && get.scheme !== "HTTP" && get.scheme !== "HTTPS")
      out.push(fieldError.notSupported(`${path}.httpGet.scheme`, get.scheme, ["HTTP", "HTTPS"]));
    for (const header of get.httpHeaders ?? [])
      if (!/^[-A-Za-z0-9]+$/.test(header.name))
        out.push(
          fieldError.invalid(
            `${path}.httpGet.httpHeaders`,
            header.name,
            regexError(
              "a valid HTTP header must consist of alphanumeric characters or '-'",
              "[-A-Za-z0-9]+",
              "X-Header-Name",
            ),
          ),
        );
    return out;
  });
  one("tcpSocket", h.tcpSocket !== undefined, () =>
    validatePortNumOrName(h.tcpSocket?.port ?? 0, `${path}.tcpSocket.port`),
  );
  one("grpc", h.grpc !== undefined, () => validatePortNumOrName(h.grpc?.port ?? 0, `${path}.grpc.port`));
  if (gracePeriod !== undefined)
    one("sleep", h.sleep !== undefined, () => {
      const seconds = h.sleep?.seconds ?? 0;
      // PodLifecycleSleepActionAllowZero is off by default in 1.32.
      return seconds <= 0 || seconds > gracePeriod
        ? [
            fieldError.invalid(
              `${path}.sleep`,
              seconds,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
            ),
          ]
        : [];
    });
  if (handlers === 0) errs.push(fieldError.required(path, "must specify a handler type"));
  return errs;
}

/** ValidatePortNumOrName. */
function validatePortNumOrName(port: number | string, field: string): FieldError[] {
  if (typeof port === "number") return portNumErrors(port).map((msg) => fieldError.invalid(field, port, msg));
  return portNameErrors(port).map((msg) => fieldError.invalid(field, port, msg));
}
