/** Collects the conditions of a dynamic WHERE clause with their parameters, in order. */
export class Where {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `sql` with its parameters. */
  add(sql: string, ...params: unknown[]): this {
    this.conditions.push(sql);
    this.params.push(...params);
    return this;
  }

  /** Adds `sql` bound to `value` n times (for repeated placeholders) unless the filter is absent. */
  when(value: unknown, sql: string, times = 1): this {
    return value === undefined ? this : this.add(sql, ...Array<unknown>(times).fill(value));
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
