// The shell's variables: the container's environment (shared, never copied) under the variables
// a script sets or unsets, kept only once it does.

export class ShellVars {
  /** Variables set (a string) or unset (undefined) over the environment. */
  private own: Map<string, string | undefined> | undefined;

  constructor(
    private readonly env: readonly (readonly [string, string])[],
    own?: ReadonlyMap<string, string | undefined>,
  ) {
    if (own) this.own = new Map(own);
  }

  get(name: string): string | undefined {
    if (this.own?.has(name)) return this.own.get(name);
    for (let i = this.env.length - 1; i >= 0; i--) {
      const e = this.env[i] as readonly [string, string];
      if (e[0] === name) return e[1];
    }
    return undefined;
  }

  set(name: string, value: string): void {
    (this.own ??= new Map()).set(name, value);
  }

  delete(name: string): void {
    (this.own ??= new Map()).set(name, undefined);
  }

  /** A copy for a subshell or a child shell: its changes stay there. */
  clone(): ShellVars {
    return new ShellVars(this.env, this.own);
  }

  /** Every variable that is set, in the order `env` prints them. */
  entries(): [string, string][] {
    const names = new Set([...this.env.map((e) => e[0]), ...(this.own?.keys() ?? [])]);
    const out: [string, string][] = [];
    for (const name of names) {
      const v = this.get(name);
      if (v !== undefined) out.push([name, v]);
    }
    return out;
  }
}
