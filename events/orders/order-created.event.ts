import { defineEvent } from "ductape-events";
import { deliveryHeaders } from "../shared/headers.js";

export default defineEvent({
  name: "Order Created",
  tag: "orders:order-created",
  description: "A shopper placed an order; stock should be reserved.",
  sample: {
    headers: { ...deliveryHeaders, "x-store-id": "store_lagos_01" },
    query: { version: "2024-10" },
    body: {
      event: "order.created",
      order: {
        id: 100245,
        number: "#1045",
        created_at: "2024-11-27T10:02:44+01:00",
        total: 189.97,
        items: [
          { sku: "TSHIRT-BLK-M", quantity: 2, unit_price: 24.99 },
          { sku: "MUG-WHT", quantity: 1, unit_price: 14.99, gift_wrap: true },
        ],
        shipping_address: { line1: "12 Admiralty Way", city: "Lagos", country: "NG", postcode: null },
        tags: ["first-order", "promo"],
      },
    },
    params: { storeId: "store_lagos_01" },
  },
  // A second order, from a country with postcodes and without tags, completes the picture.
  examples: [
    {
      headers: { ...deliveryHeaders, "x-store-id": "store_london_02" },
      query: { version: "2024-10" },
      body: {
        event: "order.created",
        order: {
          id: 100246,
          number: "#1046",
          created_at: "2024-11-27T11:15:02Z",
          total: 42,
          items: [{ sku: "MUG-WHT", quantity: 3, unit_price: 14 }],
          shipping_address: { line1: "1 Market St", city: "London", country: "GB", postcode: "EC1A 1BB" },
        },
      },
      params: { storeId: "store_london_02" },
    },
  ],
  refine: {
    "body.order.items[].sku": { description: "Stock keeping unit, as listed in the catalogue." },
  },
});
