import { createNamespace } from 'cls-hooked';
import { AsyncLocalStorageStore, ClsHookedStore, useContextStore, type ContextStore } from '../../src/tenancy';

/**
 * Declares `body` once per context store (AsyncLocalStorage, the cls-hooked adapter), with that
 * store installed for the block and the previous one put back afterwards. `title` may use `%s`
 * for the store's name.
 */
export function describeEachStore(title: string, body: (storeName: string) => void): void {
  const namespace = createNamespace(`typeorm-tenancy-test:${title}`);
  const stores: Array<[string, () => ContextStore]> = [
    ['AsyncLocalStorage', () => new AsyncLocalStorageStore()],
    ['cls-hooked', () => new ClsHookedStore(namespace)],
  ];
  describe.each(stores)(title, (name, makeStore) => {
    let previous: ContextStore;
    beforeAll(() => {
      previous = useContextStore(makeStore());
    });
    afterAll(() => {
      useContextStore(previous);
    });
    body(name);
  });
}
