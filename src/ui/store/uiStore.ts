// What the learner is doing in the page (not cluster state): the editor's documents, the selected
// timeline step and object, the share link.

import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import {
  type DocumentsState,
  FIRST_DOCUMENT_NAME,
  createDocuments,
  selectedOf,
  setText,
} from "../documents/documents";

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

/** The documents a fresh page starts with: the example Pod as pod.yaml. */
export function initialDocuments(): DocumentsState {
  return createDocuments([{ name: FIRST_DOCUMENT_NAME, text: EXAMPLE_POD }]);
}

export interface UiState extends DocumentsState {
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
  ...initialDocuments(),
  selectedSeq: undefined,
  selectedObjectKey: undefined,
  shareLink: undefined,
  notice: undefined,
  hideHeartbeats: true,
}));

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(uiStore, selector);
}

/** The selected document's text (what Apply sends). */
export const editorTextOf = (state: DocumentsState): string => selectedOf(state).text;
/** Replaces the selected document's text. */
export const setEditorText = (text: string): void =>
  uiStore.setState((s) => setText(s, s.selectedDocument, text));
export const selectSeq = (selectedSeq: number | undefined): void => uiStore.setState({ selectedSeq });
export const selectObject = (selectedObjectKey: string | undefined): void =>
  uiStore.setState({ selectedObjectKey });
