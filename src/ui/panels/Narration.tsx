// Placeholder until the Narration panel lands.
export function Narration() {
  return <div className="placeholder">Narration</div>;
}
