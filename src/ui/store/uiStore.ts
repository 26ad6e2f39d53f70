// What the learner is doing in the page (not cluster state): the editor text, the selected
// timeline step and object, the share link.

import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export const EXAMPLE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
`;

export interface UiState {
  readonly editorText: string;
  /** Trace seq selected in the timeline (its narration is shown and it glows on the graph). */
  readonly selectedSeq: number | undefined;
  /** etcd key of the object shown as YAML. */
  readonly selectedObjectKey: string | undefined;
  readonly shareLink: string | undefined;
  /** Shown when a share link could not be opened. */
  readonly notice: string | undefined;
  /** Hide background messages (lease renewals, status reports) in the timeline. */
  readonly hideHeartbeats: boolean;
}

export const uiStore = createStore<UiState>(() => ({
  editorText: EXAMPLE_POD,
  selectedSeq: undefined,
  selectedObjectKey: undefined,
  shareLink: undefined,
  notice: undefined,
  hideHeartbeats: true,
}));

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(uiStore, selector);
}

export const setEditorText = (editorText: string): void => uiStore.setState({ editorText });
export const selectSeq = (selectedSeq: number | undefined): void => uiStore.setState({ selectedSeq });
export const selectObject = (selectedObjectKey: string | undefined): void =>
  uiStore.setState({ selectedObjectKey });
