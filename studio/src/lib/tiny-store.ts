import { useSyncExternalStore } from "react";

/** A value with subscribers, read in components through useSyncExternalStore. */
export interface TinyStore<T> {
  get(): T;
  set(next: T | ((current: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

/**
 * Creates a store that lives in the module, outside the React tree, so its state survives the
 * remount that a locale switch causes.
 */
export function createStore<T>(initial: T): TinyStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();

  return {
    get: () => value,
    set(next) {
      value = typeof next === "function" ? (next as (current: T) => T)(value) : next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Reads a store in a component. The server render and hydration get `serverValue` when it is
 * given, which must be the same object on every call (a constant), or React re-renders forever.
 */
export function useStore<T>(store: TinyStore<T>, serverValue?: T): T {
  return useSyncExternalStore(store.subscribe, store.get, () => (serverValue === undefined ? store.get() : serverValue));
}
