// {{banner}}
//
// The shared definitions that event schemas reach through `$ref`: one type each, named from the
// definition's title or key, used by the webhook modules that refer to it. Import them from
// ./index.js, which re-exports them.

{{declarations}}
