import { describe, expect, it } from "vitest";

import type { ServerTable } from "./table";
import { displayCell, displayTable, noResourcesFound, renderTable, tabwriter } from "./table";

describe("tabwriter (minwidth 6, padding 3)", () => {
  it("pads every column but the last to its widest cell plus 3", () => {
    expect(tabwriter("NAME\tSTATUS\tAGE\nweb-1\tRunning\t5m\n")).toBe(
      "NAME    STATUS    AGE\nweb-1   Running   5m\n",
    );
  });

  it("never makes a column narrower than 6", () => {
    expect(tabwriter("A\tB\nx\ty\n")).toBe("A     B\nx     y\n");
  });

  it("counts characters, not UTF-16 units or bytes", () => {
    expect(tabwriter("héllo\tx\nnaïve☃😀\ty\n")).toBe("héllo     x\nnaïve☃😀   y\n");
  });

  it("aligns per block of lines that share a column, as text/tabwriter does", () => {
    // The second row has an extra cell (a tab inside a cell): only that line forms the third column.
    expect(tabwriter("a\tb\tc\nlonger\tb\tc\td\ne\tf\n")).toBe(
      "a        b     c\nlonger   b     c     d\ne        f\n",
    );
  });

  it("remembers a column's widest block for later blocks (liggitt/tabwriter RememberWidths)", () => {
    // Column 1 forms two blocks, split by the two-cell middle line; the second inherits width 12.
    expect(tabwriter("a\tbbbbbbbbb\tc\na\tb\na\t\tc\n")).toBe(
      "a     bbbbbbbbb   c\na     b\na                 c\n",
    );
  });

  it("leaves trailing padding when the last cell is empty", () => {
    expect(tabwriter("NAME\tHOLDER\nx\t\n")).toBe("NAME   HOLDER\nx      \n");
  });
});

describe("renderTable", () => {
  const table: ServerTable = {
    columns: [
      { name: "Name", priority: 0 },
      { name: "Status", priority: 0 },
      { name: "Node", priority: 1 },
    ],
    rows: [
      { key: "default/a", namespace: "default", cells: ["a", "Running", "worker-1"] },
      { key: "kube-system/coredns", namespace: "kube-system", cells: ["coredns", "Pending", "<none>"] },
    ],
  };

  it("upper-cases headers and hides priority columns unless wide", () => {
    expect(renderTable(table)).toBe("NAME      STATUS\na         Running\ncoredns   Pending\n");
    expect(renderTable(table, { wide: true })).toBe(
      "NAME      STATUS    NODE\na         Running   worker-1\ncoredns   Pending   <none>\n",
    );
  });

  it("prepends NAMESPACE for -A and drops the header for --no-headers", () => {
    expect(renderTable(table, { withNamespace: true, noHeaders: true })).toBe(
      "default       a         Running\nkube-system   coredns   Pending\n",
    );
  });

  it("prints nothing at all, not even headers, for an empty list", () => {
    expect(renderTable({ columns: table.columns, rows: [] })).toBe("");
    expect(noResourcesFound("default", { allNamespaces: false, namespaced: true })).toBe(
      "No resources found in default namespace.\n",
    );
    expect(noResourcesFound("default", { allNamespaces: true, namespaced: true })).toBe(
      "No resources found\n",
    );
    expect(noResourcesFound("default", { allNamespaces: false, namespaced: false })).toBe(
      "No resources found\n",
    );
  });

  it("exposes the same columns and cells for an HTML table", () => {
    expect(displayTable(table, { withNamespace: true })).toEqual({
      columns: ["NAMESPACE", "NAME", "STATUS"],
      rows: [
        { key: "default/a", cells: ["default", "a", "Running"] },
        { key: "kube-system/coredns", cells: ["kube-system", "coredns", "Pending"] },
      ],
    });
  });
});

describe("displayCell", () => {
  it("cuts a cell at its first line break and marks it with ...", () => {
    expect(displayCell("first line\nsecond")).toBe("first line...");
    expect(displayCell("a\rb")).toBe("a...");
    expect(displayCell("a\fb")).toBe("a...");
  });

  it("neutralises terminal escape sequences", () => {
    expect(displayCell("\x1b[31mred")).toBe("^[[31mred");
  });
});
