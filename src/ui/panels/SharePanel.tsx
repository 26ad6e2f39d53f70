// Share: the run as a link (scenario + moment + editor documents in the URL fragment), copied to the
// clipboard and shown in a text field.

import { useState } from "react";
import { dataOf, selectedIndex } from "../documents/documents";
import { encodeShare } from "../share/shareLink";
import { clusterStore } from "../store/clusterStore";
import { uiStore, useUi } from "../store/uiStore";

export function SharePanel() {
  const link = useUi((s) => s.shareLink);
  const [error, setError] = useState<string | undefined>();
  const share = () => {
    const { scenario, clock } = clusterStore.getState();
    const encoded = encodeShare({
      scenario,
      until: clock.now,
      count: clock.traceCount,
      documents: dataOf(uiStore.getState()),
      selected: selectedIndex(uiStore.getState()),
    });
    if (!encoded.ok) {
      setError(encoded.error);
      return;
    }
    setError(undefined);
    const url = `${window.location.origin}${window.location.pathname}#${encoded.fragment}`;
    uiStore.setState({ shareLink: url });
    void navigator.clipboard?.writeText(url).catch(() => undefined);
  };
  return (
    <div className="share">
      <button type="button" onClick={share} title="Put a link to this run in the clipboard">
        Share
      </button>
      {link && (
        <input
          className="share-link"
          aria-label="Share link"
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      {error && (
        <span className="share-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
