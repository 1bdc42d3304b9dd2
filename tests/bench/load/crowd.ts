/** What the load bench's tests share: a simulated person's spec and a recorder of what it receives. */
import { Histogram } from '../../../bench/load/histogram.ts';
import type { PersonSpec } from '../../../bench/load/messages.ts';
import { Recorder } from '../../../bench/load/person.ts';
import { DELIVERY_KINDS, type DeliveryKind } from '../../../bench/load/stamp.ts';

/** A participant of the bench's crowd, on node 0 unless told otherwise. */
export function person(index: number, more: Partial<PersonSpec> = {}): PersonSpec {
  return {
    index,
    name: `Participant ${index}`,
    community: 'Senegal diaspora in France',
    region: 'africa',
    country: 'Senegal',
    organisation: '',
    role: 'participant',
    node: 0,
    joinOffsetMs: 0,
    replica: false,
    ...more,
  };
}

export function newRecorder(): Recorder {
  const latency = Object.fromEntries([...DELIVERY_KINDS, 'all'].map((k) => [k, new Histogram()])) as Record<DeliveryKind | 'all', Histogram>;
  return new Recorder(latency, new Histogram());
}
