// Placeholder until the Timeline panel lands.
export function Timeline() {
  return <div className="placeholder">Timeline</div>;
}
