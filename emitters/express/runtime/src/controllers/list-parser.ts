// A list's query parameters (docs/contract.md "Lists") as a ListQuery; a
// parameter the list does not take, or a malformed one, is a 400.

import type { Provider } from "../runtime/codec.js";
import { parseList } from "../runtime/listing.js";
import type { ListOptions, ListQuery } from "../runtime/listing.js";
import type { EntityMeta } from "../runtime/meta.js";

export class ListParser {
  constructor(
    private readonly provider: Provider,
    private readonly options: ListOptions,
  ) {}

  parse(
    meta: EntityMeta,
    params: readonly (readonly [string, string])[],
  ): ListQuery {
    return parseList(meta, this.provider, params, this.options);
  }
}
