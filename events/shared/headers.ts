/** Headers every Ductape delivery carries; spread into each event's sample. */
export const deliveryHeaders = {
  "content-type": "application/json",
  "user-agent": "Ductape-Webhooks/1.0",
} as const;

export const signedHeaders = {
  ...deliveryHeaders,
  "x-ductape-signature": "t=1732665600,v1=<signature>",
} as const;

export enum Currency {
  Naira = "NGN",
  Dollar = "USD",
}
