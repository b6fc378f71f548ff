import { defineEvent } from "ductape-events";
import { deliveryHeaders } from "../shared/headers.js";

export default defineEvent({
  name: "Order Shipped",
  tag: "orders:order-shipped",
  description: "The order left the warehouse with a tracking number.",
  sample: {
    headers: { ...deliveryHeaders },
    query: {},
    body: {
      event: "order.shipped",
      order_id: 100245,
      shipment: {
        carrier: "DHL",
        tracking_number: "JD014600006281234567",
        shipped_at: "2024-11-29T16:40:00Z",
        estimated_delivery: "2024-12-02",
      },
    },
    params: { storeId: "store_lagos_01" },
  },
});
