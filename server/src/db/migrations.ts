/** Schema migrations, in code, run at every start by Kysely's Migrator. Append; never edit a shipped one. */
import type { Kysely, Migration, MigrationProvider } from "kysely";

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
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
