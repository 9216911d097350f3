// Every router matches paths exactly: /api/posts/ is not /api/posts, and
// /API/posts is neither.

import type { RouterOptions } from "express";

export const routerOptions: RouterOptions = {
  caseSensitive: true,
  strict: true,
};
