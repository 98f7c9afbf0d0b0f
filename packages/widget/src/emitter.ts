/** A typed event emitter whose handlers can never break the emitter or each other. */
export interface Emitter<Events extends object> {
  on<Name extends keyof Events>(name: Name, handler: (payload: Events[Name]) => void): () => void;
  off<Name extends keyof Events>(name: Name, handler?: (payload: Events[Name]) => void): void;
  once<Name extends keyof Events>(name: Name, handler: (payload: Events[Name]) => void): () => void;
  emit<Name extends keyof Events>(name: Name, payload: Events[Name]): void;
  /** Removes every handler. */
  clear(): void;
}

type AnyHandler = (payload: never) => void;

/**
 * Creates an emitter typed from an event map. The handler list is copied before dispatch, so a
 * handler may unsubscribe itself or others; a throwing handler is reported with console.error
 * and the remaining handlers still run.
 */
export function createEmitter<Events extends object>(): Emitter<Events> {
  const handlers = new Map<keyof Events, AnyHandler[]>();
  const off = (name: keyof Events, handler?: AnyHandler): void => {
    const list = handlers.get(name);
    if (!list) return;
    if (!handler) {
      handlers.delete(name);
      return;
    }
    // Remove the last registration only, so registering a handler twice needs two offs.
    const index = list.lastIndexOf(handler);
    if (index >= 0) list.splice(index, 1);
  };
  const on = (name: keyof Events, handler: AnyHandler): (() => void) => {
    if (typeof handler !== "function") return () => undefined;
    const list = handlers.get(name) ?? [];
    list.push(handler);
    handlers.set(name, list);
    return () => off(name, handler);
  };
  return {
    on: on as Emitter<Events>["on"],
    off: off as Emitter<Events>["off"],
    once: ((name: keyof Events, handler: (payload: unknown) => void) => {
      const wrapper = (payload: unknown): void => {
        unsubscribe();
        handler(payload);
      };
      const unsubscribe = on(name, wrapper);
      return unsubscribe;
    }) as Emitter<Events>["once"],
    emit(name, payload) {
      for (const handler of [...(handlers.get(name) ?? [])]) {
        try {
          (handler as (payload: unknown) => void)(payload);
        } catch (error) {
          console.error(`[nexus-chat] A "${String(name)}" event handler threw:`, error);
        }
      }
    },
    clear: () => handlers.clear(),
  };
}
