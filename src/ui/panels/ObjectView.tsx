// Placeholder until the ObjectView panel lands.
export function ObjectView() {
  return <div className="placeholder">ObjectView</div>;
}
