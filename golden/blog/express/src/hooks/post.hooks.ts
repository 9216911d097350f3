// Your code: bgen wrote this file once and will not touch it again.
//
// Hooks around Post writes. The generated service (src/services/post.service.ts)
// calls each hook you define here inside the request's transaction (ctx.tx):
//
//   beforeCreate(ctx, row)  before the new row is inserted; change row to change it
//   afterCreate(ctx, row)   after it is inserted, before the commit
//   beforeUpdate(ctx, row)  before the changed row is written; change row to change it
//   afterUpdate(ctx, row)   after it is written, before the commit
//   beforeDelete(ctx, row)  before the row is deleted
//   afterDelete(ctx, row)   after it is deleted, before the commit
//
// Throw an HttpError (src/runtime/problem.ts) to refuse the write with
// that status; the transaction rolls back. For example:
//
//   beforeCreate: (ctx, row) => { ...; return Promise.resolve(); },

import type { Hooks } from "../hooks.js";
import type { Post } from "../models/post.js";

export const postHooks: Hooks<Post> = {};
