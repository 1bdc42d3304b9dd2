/**
 * Text a person typed (a name, a community, a topic, a message), isolated in `<bdi>` so that
 * its writing direction, right-to-left or not, never reorders the page's text around it (S14).
 */
import { type ComponentChildren, Fragment } from 'preact';

export function UserText({ children }: { children: ComponentChildren }) {
  return <bdi>{children}</bdi>;
}

/** A message with its `{placeholders}` filled by names, each in its own `<bdi>` (S14). */
export function withNames(template: string, names: Record<string, string>) {
  return template.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 1 ? <UserText key={i}>{names[part] ?? part}</UserText> : <Fragment key={i}>{part}</Fragment>));
}
