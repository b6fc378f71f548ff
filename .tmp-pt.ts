export default {
  a: { "x-y": 1, b: 2 },
  c: { "1": 2, d: 3 },
  e: { 1: 2 },
  f: { "a-b": 1 },
  g: "it's",
  h: 'say "hi"',
  i: 1e21,
  j: { "$ref": "x" },
  k: [{ a: 1, b: 2 }, { a: 1, b: 2 }],
};
