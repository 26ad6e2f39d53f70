// Placeholder until the graph lands.
export function ClusterGraph() {
  return <div className="placeholder">Cluster graph</div>;
}
