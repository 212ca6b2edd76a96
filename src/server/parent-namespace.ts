import { ParentAdapter } from './adapter/parent-adapter.js';
import { Namespace } from './namespace.js';
import type { Server } from './server.js';

/** Decides whether a dynamic namespace accepts a name: `next(null, true)` creates (or reuses) the child. */
export type NamespaceMatcher = (
  name: string,
  auth: Record<string, unknown>,
  next: (err: Error | null, allow: boolean) => void,
) => void;

let parents = 0;

/**
 * A dynamic namespace (`io.of(/^\/team-\d+$/)` or `io.of(matcherFn)`): each name a client asks for that
 * matches becomes a child namespace with the parent's middlewares and connection listeners. Emitting on
 * the parent emits in every child.
 */
export class ParentNamespace extends Namespace {
  readonly children: Set<Namespace>;

  constructor(server: Server) {
    const children = new Set<Namespace>();
    super(server, `/_${parents++}`, (nsp) => new ParentAdapter(nsp, children));
    this.children = children;
  }

  /**
   * @internal Creates the child namespace `name`, with the parent's middlewares and connection listeners; the
   * server registers it. With `cleanupEmptyChildNamespaces`, the child goes once empty.
   */
  createChild(name: string): Namespace {
    const child = new Namespace(this.server, name);
    for (const fn of this.middlewares) child.use(fn);
    for (const l of this.listeners('connect')) child.on('connect', l);
    for (const l of this.listeners('connection')) child.on('connection', l);
    this.children.add(child);
    if (this.server.options.cleanupEmptyChildNamespaces) {
      child.whenEmpty(() => {
        void child.adapter.close();
        this.server.removeNamespace(child);
        this.children.delete(child);
      });
    }
    return child;
  }
}
