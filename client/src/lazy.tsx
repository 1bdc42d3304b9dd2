/** A component that loads on first render, in a chunk of its own, so that the people who never see it never download it. */
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { t } from './i18n/index.ts';

function Loading() {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {t('app.loading')}
    </p>
  );
}

/** `quiet`: nothing is shown while it loads (a panel that may well render nothing once loaded). */
export function lazy<P extends object = object>(load: () => Promise<ComponentType<P>>, { quiet = false } = {}): ComponentType<P> {
  const loaded = signal<ComponentType<P> | null>(null);
  let started = false;
  return function Lazy(props: P) {
    if (!started) {
      started = true;
      void load().then((component) => (loaded.value = component));
    }
    const Component = loaded.value;
    return Component ? <Component {...props} /> : quiet ? null : <Loading />;
  };
}
