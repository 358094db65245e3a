import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Data-format mediation per service (the LGSP's duty to convert data formats, TT 13/2017 art. 17):
 * `none` passes bodies through as they are; `json-xml` converts a JSON consumer's bodies for a
 * provider that speaks XML, under a root element the provider expects. Existing services keep
 * `none`.
 */
export const addServiceMediation: Migration = {
  name: "20261128-1530-service-mediation",
  async up(db) {
    await sql`alter table xch_services
      add column mediation text not null default 'none'
        check (mediation in ('none', 'json-xml')),
      add column mediation_xml_root text,
      add constraint xch_services_mediation_xml_root
        check ((mediation = 'json-xml') = (mediation_xml_root is not null))`.execute(db);
  },
};
