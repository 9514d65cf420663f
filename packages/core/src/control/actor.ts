// Who is asking. The server builds this from the authenticated session of the request.
export type Role = 'admin' | 'operator' | 'viewer';

/** Who a request is once authenticated, before a session is chosen (the server's HTTP gate). */
export interface Principal {
  name: string;
  role: Role;
  /** Remote address as the server saw it. */
  remote: string;
}

export interface Actor {
  user: string;
  role: Role;
  sessionId: string;
  /** Remote address as the server saw it, for the audit log. */
  remote: string;
}

/** The actor for commands the controller issues itself (failsafe, all-safe on shutdown). */
export const systemActor: Actor = { user: 'system', role: 'admin', sessionId: 'system', remote: 'local' };
