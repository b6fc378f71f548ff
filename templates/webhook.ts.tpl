// {{banner}}
//
// The events of webhook {{webhook}}: import their types from ../index.js, which re-exports them.

import type { EventDefinitions, WebhookEventTags } from "../index.js";{{imports}}

{{payloads}}

/**
 * The {{webhook}} part of the data behind `webhookEvents` (../index.ts), checked against the
 * payload types by this annotation.
 */
const {{identifier}}: Pick<EventDefinitions, WebhookEventTags<{{webhook}}>> = {{definitions}};

export default {{identifier}};
