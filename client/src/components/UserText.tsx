/**
 * Text a person typed (a name, a community, a topic, a message), isolated in `<bdi>` so that
 * its writing direction, right-to-left or not, never reorders the page's text around it (S14).
 */
import type { ComponentChildren } from 'preact';

export function UserText({ children }: { children: ComponentChildren }) {
  return <bdi>{children}</bdi>;
}
