/* casework_files.c - the files of a case (applications, minutes, hospital
 * diagnoses, receipts ...) with their kind and the dossier item a kind
 * ticks; the bytes go through the shared file store (core/common/files.h):
 * PDF, JPEG or PNG by their first bytes, up to 10 MiB, once per content
 * under core.files_dir as <sha256[0:2]>/<sha256>, checked when read back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "core/common/files.h"

static const struct {
	const char *kind;
	unsigned dossier; /* the dossier item it is, 0 none */
} kinds[] = {
    {"application", CASE_DOSSIER_APPLICATION},
    {"application_form", CASE_DOSSIER_APPLICATION_FORM},
    {"assembly_minutes", CASE_DOSSIER_ASSEMBLY_MINUTES},
    {"committee_minutes", CASE_DOSSIER_COMMITTEE_MINUTES},
    {"notice_report", CASE_DOSSIER_NOTICE_REPORT},
    {"registration_form", CASE_DOSSIER_REGISTRATION_FORM},
    {"diagnosis", 0},
    {"accident_certificate", 0},
    {"receipt", 0},
    {"verification", 0},
    {"other", 0},
};

static int kind_index(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].kind, kind))
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Attaching                                                          */

struct attach_ctx {
	const struct actor *a;
	int64_t case_id;
	struct attachment *at;
	unsigned dossier;
	struct aid_case *c;
};

static int scope_fn(struct db *db, void *p, struct bf_err *e)
{
	struct attach_ctx *x = p;
	return case_read_tx(db, x->a, x->case_id, x->c, e);
}

static int attach_fn(struct db *db, void *p, struct bf_err *e)
{
	struct attach_ctx *x = p;
	struct strbuf d = STRBUF_INIT;
	int rc = case_read_tx(db, x->a, x->case_id, x->c, e);
	if (rc)
		return rc;
	x->at->id = 0;
	if ((rc = CORE_QS(store_attachment_insert(db, x->at, e))))
		return rc;
	if (x->dossier && !(x->c->dossier & x->dossier)) {
		x->c->dossier |= x->dossier;
		if ((rc = cw_case_update(db, x->c, e)))
			return rc;
	}
	strbuf_addf(&d,
		    "{\"attachment_id\":%" PRId64
		    ",\"kind\":\"%s\",\"mime\":\"%s\",\"size\":%" PRId64
		    ",\"sha256\":\"%s\",\"name\":\"",
		    x->at->id, x->at->kind, x->at->mime, x->at->size, x->at->sha256);
	core_json_text(&d, x->at->name, 200);
	strbuf_adds(&d, "\"}");
	rc = case_event_tx(db, x->a, x->c, "attach", x->c->state, x->c->state, 0, NULL, d.buf, e);
	if (!rc)
		rc = audit_record(db, x->a, "attach", "case", x->c->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

/* Checks the upload and fills the row (everything but ids). */
static int check_upload(const char *kind, const char *name, const void *data, size_t len,
			struct attachment *at, unsigned *dossier, struct bf_err *e)
{
	struct core_file f;
	int k = kind_index(kind);
	if (k < 0)
		return err_set(e, kind && *kind ? EC_INVALID : EC_MISSING, "kind",
			       "请选择附件类别（如申请书、党员大会记录、医院诊断证明）");
	if (core_file_check(name, data, len, &f, e))
		return -1;
	snprintf(at->kind, sizeof(at->kind), "%s", kinds[k].kind);
	snprintf(at->name, sizeof(at->name), "%s", f.name);
	snprintf(at->mime, sizeof(at->mime), "%s", f.mime);
	at->size = f.size;
	snprintf(at->sha256, sizeof(at->sha256), "%s", f.sha256);
	snprintf(at->stored_path, sizeof(at->stored_path), "%s", f.stored_path);
	*dossier = kinds[k].dossier;
	return 0;
}

int case_attach(struct core *c, const struct actor *a, int64_t case_id, const char *kind,
		const char *name, const void *data, size_t len, struct attachment *out,
		struct bf_err *e)
{
	struct attachment *at = xcalloc(1, sizeof(*at));
	struct attach_ctx x = {.a = a, .case_id = case_id, .at = at};
	int rc = core_need_write(a, "上传附件", e);
	if (!rc && (!c->files_dir || !*c->files_dir))
		rc = err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	if (!rc)
		rc = check_upload(kind, name, data, len, at, &x.dossier, e);
	if (!rc) {
		x.c = xcalloc(1, sizeof(*x.c));
		at->case_id = case_id;
		at->uploaded_by = a->user_id;
		/* scope first, so nothing is written for a case out of reach */
		rc = db_run_tx(c->db, "case_attach", 0, scope_fn, &x, e);
		if (!rc) {
			struct core_file f;
			CORE_FILE_COPY(&f, at);
			rc = core_file_store(c->files_dir, &f, data, len, e);
		}
		if (!rc)
			rc = db_run_tx(c->db, "case_attach", 1, attach_fn, &x, e);
		free(x.c);
	}
	if (!rc && out)
		*out = *at;
	free(at);
	return rc;
}

struct alist_ctx {
	const struct actor *a;
	int64_t case_id, id;
	struct attachment **items;
	size_t *n;
	struct attachment *one;
	struct aid_case *c;
};

static int alist_fn(struct db *db, void *p, struct bf_err *e)
{
	struct alist_ctx *x = p;
	int rc = case_read_tx(db, x->a, x->case_id, x->c, e);
	return rc ? rc : CORE_QS(store_attachment_list(db, x->case_id, x->items, x->n, e));
}

int case_attachment_list(struct core *c, const struct actor *a, int64_t case_id,
			 struct attachment **items, size_t *n, struct bf_err *e)
{
	struct alist_ctx x = {.a = a, .case_id = case_id, .items = items, .n = n};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_attachment_list", 0, alist_fn, &x, e);
	free(x.c);
	return rc;
}

static int aget_fn(struct db *db, void *p, struct bf_err *e)
{
	struct alist_ctx *x = p;
	enum db_qs qs = store_attachment_get(db, x->id, x->one, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "attachment_id", "附件不存在");
	int rc = case_read_tx(db, x->a, x->one->case_id, x->c, e);
	return rc == -1 ? err_set(e, EC_NOT_FOUND, "attachment_id", "附件不存在") : rc;
}

int case_attachment_read(struct core *c, const struct actor *a, int64_t id, struct attachment *meta,
			 void **data, size_t *len, struct bf_err *e)
{
	struct alist_ctx x = {.a = a, .id = id, .one = meta};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (!c->files_dir || !*c->files_dir)
		return err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_attachment_read", 0, aget_fn, &x, e);
	free(x.c);
	if (rc)
		return rc;
	struct core_file f;
	CORE_FILE_COPY(&f, meta);
	return core_file_read(c->files_dir, &f, data, len, e);
}

_Static_assert(CASE_ATTACHMENT_MAX == CORE_FILE_MAX, "the route's upload limit is the store's");
