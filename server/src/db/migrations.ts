/** Schema migrations, in code, run at every start by Kysely's Migrator. Append; never edit a shipped one. */
import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";
import { primaryMeshEdges } from "../repositories/design-size.ts";

const migrations: Record<string, Migration> = {
  "0001-skeleton": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("api_tokens")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("designs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("license", "text", (c) => c.notNull())
        .addColumn("author_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("designs_created").on("designs").columns(["created_at", "id"]).execute();
      await db.schema
        .createTable("design_files")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("design_id", "text", (c) => c.notNull().references("designs.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("triangles", "integer")
        .addColumn("analysis_json", "text")
        .addColumn("gcode_commands", "integer")
        .addColumn("sliced_for", "text")
        .addColumn("material", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("design_files_design").on("design_files").column("design_id").execute();
      await db.schema
        .createTable("printers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("owner_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("bridge_id", "text", (c) => c.notNull())
        .addColumn("local_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("capabilities_json", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("printers_bridge_local", ["bridge_id", "local_id"])
        .execute();
      await db.schema
        .createTable("jobs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("design_id", "text", (c) => c.notNull().references("designs.id"))
        .addColumn("gcode_file_id", "text", (c) => c.notNull().references("design_files.id"))
        .addColumn("printer_id", "text", (c) => c.references("printers.id"))
        .addColumn("maker_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("material", "text", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull())
        .addColumn("lines_done", "integer", (c) => c.notNull())
        .addColumn("lines_total", "integer", (c) => c.notNull())
        .addColumn("message", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("jobs_printer_state").on("jobs").columns(["printer_id", "state"]).execute();
      await db.schema
        .createTable("job_transitions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id"))
        .addColumn("from_state", "text")
        .addColumn("to_state", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("actor_id", "text")
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .execute();
      await db.schema.createIndex("job_transitions_job").on("job_transitions").columns(["job_id", "id"]).execute();
      await db.schema
        .createTable("processed_events")
        .addColumn("event_id", "text", (c) => c.primaryKey())
        .addColumn("job_id", "text", (c) => c.notNull())
        .addColumn("processed_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  "0002-mesh-analysis": {
    async up(db: Kysely<unknown>) {
      // Rows from before stay with analysis_version null: their JSON has triangles and bbox only.
      await db.schema.alterTable("design_files").addColumn("analysis_version", "integer").execute();
      await db.schema.alterTable("design_files").addColumn("watertight", "integer").execute();
    },
  },
  "0003-thumbnails": {
    async up(db: Kysely<unknown>) {
      // Rendered images of a mesh file, stored as blobs; files from before simply have none.
      await db.schema
        .createTable("file_thumbnails")
        .addColumn("file_id", "text", (c) => c.notNull().references("design_files.id"))
        .addColumn("size", "text", (c) => c.notNull())
        .addColumn("format", "text", (c) => c.notNull())
        .addColumn("edge", "integer", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("bytes", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("file_thumbnails_pk", ["file_id", "size", "format"])
        .execute();
    },
  },
  "0004-design-metadata": {
    async up(db: Kysely<unknown>) {
      // Tags, one row each; (tag, design_id) serves the gallery's tag filter.
      await db.schema
        .createTable("design_tags")
        .addColumn("design_id", "text", (c) => c.notNull().references("designs.id"))
        .addColumn("tag", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("design_tags_pk", ["design_id", "tag"])
        .execute();
      await db.schema.createIndex("design_tags_tag").on("design_tags").columns(["tag", "design_id"]).execute();
      // The design a remix credits (set when the remix is created, never edited) and the last change.
      await db.schema.alterTable("designs").addColumn("remix_of", "text", (c) => c.references("designs.id")).execute();
      // Partial: most designs are no remix, and statistics over all those nulls would make planners shun it.
      await db.schema.createIndex("designs_remix_of").on("designs").column("remix_of").where(sql.ref("remix_of"), "is not", null).execute();
      await db.schema.alterTable("designs").addColumn("updated_at", "text", (c) => c.notNull().defaultTo("")).execute();
      await sql`UPDATE designs SET updated_at = created_at`.execute(db);
      await db.schema.createIndex("designs_license_created").on("designs").columns(["license", "created_at", "id"]).execute();
      // Versions: "the same file" is the same name within a design; rows from before are numbered in upload order.
      await db.schema.alterTable("design_files").addColumn("version", "integer", (c) => c.notNull().defaultTo(1)).execute();
      await sql`UPDATE design_files SET version = (
        SELECT count(*) FROM design_files AS older
        WHERE older.design_id = design_files.design_id AND older.name = design_files.name AND older.id <= design_files.id)`.execute(db);
      await db.schema.createIndex("design_files_name_version").on("design_files").columns(["design_id", "name", "version"]).unique().execute();
      // Full-text search over title, description and tags (SQLite FTS5; search/sqlite-design-search.ts keeps
      // it in sync). The FTS row id is design_search_keys.doc_id: a designs rowid is not stable across VACUUM.
      await db.schema
        .createTable("design_search_keys")
        .addColumn("doc_id", "integer", (c) => c.primaryKey())
        .addColumn("design_id", "text", (c) => c.notNull().unique().references("designs.id"))
        .execute();
      await sql`CREATE VIRTUAL TABLE design_search USING fts5(title, description, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`.execute(db);
      await sql`INSERT INTO design_search_keys (design_id) SELECT id FROM designs ORDER BY created_at, id`.execute(db);
      await sql`INSERT INTO design_search (rowid, title, description, tags)
        SELECT k.doc_id, d.title, d.description, '' FROM design_search_keys AS k JOIN designs AS d ON d.id = k.design_id`.execute(db);
    },
  },
  "0005-accounts": {
    async up(db: Kysely<unknown>) {
      // Sign-in credentials. The local owner account keeps both null: it cannot sign in with a
      // password (it acts through its bridge token, or as the trusted local computer).
      await db.schema.alterTable("users").addColumn("email", "text").execute();
      await db.schema.alterTable("users").addColumn("password_hash", "text").execute();
      // Emails are stored trimmed and lower-cased, so a plain unique index is case-insensitive.
      await db.schema.createIndex("users_email").on("users").column("email").unique().execute();
      await db.schema
        .createTable("sessions")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_seen_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
      await db.schema.alterTable("api_tokens").addColumn("revoked_at", "text").execute();
      await db.schema.alterTable("api_tokens").addColumn("last_used_at", "text").execute();
      await db.schema.createIndex("api_tokens_user").on("api_tokens").column("user_id").execute();
    },
  },
  "0006-previews": {
    async up(db: Kysely<unknown>) {
      // Compact preview mesh of a big mesh file (a GLB blob), null when the file has none.
      await db.schema.alterTable("design_files").addColumn("preview_sha256", "text").execute();
      await db.schema.alterTable("design_files").addColumn("preview_format", "text").execute();
      await db.schema.alterTable("design_files").addColumn("preview_triangles", "integer").execute();
      await db.schema.alterTable("design_files").addColumn("preview_bytes", "integer").execute();
      // G-code variants: the analyzer's summary, and the plain G-code extracted from a .gcode.3mf.
      await db.schema.alterTable("design_files").addColumn("gcode_json", "text").execute();
      await db.schema.alterTable("design_files").addColumn("gcode_sha256", "text").execute();
      await db.schema.alterTable("design_files").addColumn("gcode_bytes", "integer").execute();
    },
  },
  "0007-marketplace": {
    async up(db: Kysely<unknown>) {
      // Jobs on a mesh (sliced by the shop's bridge) have no G-code: gcode_file_id becomes nullable.
      // SQLite cannot drop NOT NULL, so the table is rebuilt with every row copied, foreign keys
      // off meanwhile (job_transitions refers to jobs) and checked after.
      await sql`PRAGMA foreign_keys = OFF`.execute(db);
      try {
        await db.transaction().execute(async (trx) => {
          await sql`CREATE TABLE jobs_rebuilt (
            id text PRIMARY KEY,
            design_id text NOT NULL REFERENCES designs(id),
            gcode_file_id text REFERENCES design_files(id),
            printer_id text REFERENCES printers(id),
            maker_id text NOT NULL REFERENCES users(id),
            state text NOT NULL,
            material text NOT NULL,
            quantity integer NOT NULL,
            lines_done integer NOT NULL,
            lines_total integer NOT NULL,
            message text,
            created_at text NOT NULL,
            updated_at text NOT NULL,
            model_file_id text REFERENCES design_files(id),
            target_json text,
            colour text,
            notes text,
            shop_id text REFERENCES users(id),
            agreed_price_cents integer,
            currency text
          )`.execute(trx);
          await sql`INSERT INTO jobs_rebuilt (id, design_id, gcode_file_id, printer_id, maker_id, state, material, quantity, lines_done, lines_total, message, created_at, updated_at)
            SELECT id, design_id, gcode_file_id, printer_id, maker_id, state, material, quantity, lines_done, lines_total, message, created_at, updated_at FROM jobs`.execute(trx);
          await sql`DROP TABLE jobs`.execute(trx);
          await sql`ALTER TABLE jobs_rebuilt RENAME TO jobs`.execute(trx);
          await sql`CREATE INDEX jobs_printer_state ON jobs (printer_id, state)`.execute(trx);
          await sql`CREATE INDEX jobs_state_created ON jobs (state, created_at)`.execute(trx);
          const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
          if (broken.rows.length > 0) throw new Error(`rebuilding jobs broke ${broken.rows.length} foreign key(s)`);
        });
      } finally {
        await sql`PRAGMA foreign_keys = ON`.execute(db);
      }
      // A printer that finished a job waits for its operator to confirm the bed is clear.
      await db.schema.alterTable("printers").addColumn("needs_bed_clear", "integer", (c) => c.notNull().defaultTo(0)).execute();
      // One shop profile per account; coordinates are stored rounded to 0.01°.
      await db.schema
        .createTable("shops")
        .addColumn("owner_id", "text", (c) => c.primaryKey().references("users.id"))
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("city", "text", (c) => c.notNull())
        .addColumn("latitude", "double precision", (c) => c.notNull())
        .addColumn("longitude", "double precision", (c) => c.notNull())
        .addColumn("materials_json", "text", (c) => c.notNull())
        .addColumn("colours_json", "text", (c) => c.notNull())
        .addColumn("pricing_json", "text", (c) => c.notNull())
        .addColumn("turnaround_days", "integer", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("quotes")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id"))
        .addColumn("shop_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("printer_id", "text", (c) => c.notNull().references("printers.id"))
        .addColumn("price_cents", "integer", (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("print_seconds", "integer", (c) => c.notNull())
        .addColumn("filament_grams", "double precision", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("quotes_job").on("quotes").columns(["job_id", "id"]).execute();
      await db.schema
        .createTable("reviews")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("job_id", "text", (c) => c.notNull().unique().references("jobs.id"))
        .addColumn("shop_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("maker_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("stars", "integer", (c) => c.notNull())
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("reviews_shop").on("reviews").column("shop_id").execute();
    },
  },
  "0008-design-size": {
    async up(db: Kysely<unknown>) {
      // The primary mesh's bbox edges, smallest first, for the gallery's "fits my printer" filter
      // (repositories/design-size.ts keeps them current). Backfilled here, one design at a time.
      for (const column of ["size_small", "size_middle", "size_large"]) {
        await db.schema.alterTable("designs").addColumn(column, "double precision").execute();
      }
      const { rows } = await sql<{ id: string; design_id: string; name: string; kind: string; version: number; analysis_json: string | null }>`
        SELECT id, design_id, name, kind, version, analysis_json FROM design_files ORDER BY design_id, id`.execute(db);
      const byDesign = new Map<string, typeof rows>();
      for (const row of rows) {
        const files = byDesign.get(row.design_id);
        if (files) files.push(row);
        else byDesign.set(row.design_id, [row]);
      }
      for (const [designId, files] of byDesign) {
        const edges = primaryMeshEdges(files);
        if (edges) await sql`UPDATE designs SET size_small = ${edges[0]}, size_middle = ${edges[1]}, size_large = ${edges[2]} WHERE id = ${designId}`.execute(db);
      }
    },
  },
  "0009-quote-problems": {
    async up(db: Kysely<unknown>) {
      // Why a shop's bridge did not quote a job (its refusal), shown on that shop's job board.
      await db.schema
        .createTable("quote_problems")
        .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id"))
        .addColumn("shop_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("printer_id", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("quote_problems_pk", ["job_id", "shop_id"])
        .execute();
    },
  },
  "0010-sliced-gcode": {
    async up(db: Kysely<unknown>) {
      // G-code a printer's bridge sliced for a job without G-code (issue #6): a blob, recorded on the job.
      await db.schema.alterTable("jobs").addColumn("sliced_gcode_sha256", "text").execute();
      await db.schema.alterTable("jobs").addColumn("sliced_gcode_size", "integer").execute();
      await db.schema.alterTable("jobs").addColumn("sliced_gcode_commands", "integer").execute();
      await db.schema.alterTable("jobs").addColumn("sliced_gcode_layers", "integer").execute();
      await db.schema.alterTable("jobs").addColumn("sliced_gcode_received_at", "text").execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
