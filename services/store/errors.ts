/** Failures a store reports for the caller to turn into a response; anything else is a fault. */
export class StoreError extends Error {}

export class NotFoundError extends StoreError {
  constructor(what: string, id: string) {
    super(`${what} ${JSON.stringify(id)} not found`);
  }
}

/** A status change the triage state machine does not allow; the message says why. */
export class TransitionError extends StoreError {}

export class InvalidCursorError extends StoreError {
  constructor() {
    super('cursor is malformed or belongs to another listing or sort');
  }
}
