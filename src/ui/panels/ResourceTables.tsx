// Placeholder until the ResourceTables panel lands.
export function ResourceTables() {
  return <div className="placeholder">ResourceTables</div>;
}
