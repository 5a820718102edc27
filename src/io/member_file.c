/* member_file.c - 一人一档 (issue #12, care_docs.h): a member's whole file
 * as one PDF — the member as the register knows them, ID number and phone
 * masked, and every line of their timeline (care_member_file: the roll,
 * cases and payments, loans, pairings and help records, trainings, visits,
 * talks …, newest first) — laid out by pdf_member_file (pdf_lists.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care_docs.h"
#include "date.h"
#include "model.h"
#include "pdf.h"
#include "render.h"
#include "strbuf.h"
#include "wrapper.h"

/* The row's text: the record's own words, then its detail. */
static char *row_text(const struct timeline_item *x)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, x->title);
	if (x->title[0] && x->detail[0])
		strbuf_adds(&sb, "：");
	strbuf_adds(&sb, x->detail);
	return strbuf_detach(&sb);
}

static int file_write(struct core *c, const struct actor *a, int64_t member_id, const char *path,
		      char name[CARE_DOC_NAME_MAX], struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	struct timeline_item *items = NULL;
	size_t n = 0;
	if (care_member_file(c, a, member_id, m, &items, &n, e)) {
		member_free(m);
		return -1;
	}
	struct pdf_file_row *rows = xcalloc(n ? n : 1, sizeof(*rows));
	char **texts = xcalloc(n ? n : 1, sizeof(*texts));
	for (size_t i = 0; i < n; i++) {
		const char *kind = care_timeline_kind_label(items[i].kind);
		texts[i] = row_text(&items[i]);
		rows[i] = (struct pdf_file_row){items[i].day, kind ? kind : items[i].kind,
						items[i].what, texts[i], items[i].amount_fen};
	}
	char today[11];
	date_format(date_today(), today);
	struct pdf_member_file f = {
	    .person = {.name = m->name,
		       .gender = m->gender,
		       .birth_date = m->birth_date,
		       .joined_on = m->joined_on,
		       .phone = m->phone,
		       .address = m->address,
		       .id_number = m->id_number},
	    .org_name = m->org_name,
	    .status = m->status,
	    .rows = rows,
	    .nrows = n,
	    .printed_by = a->username[0] ? a->username : "系统管理员（命令行）",
	    .printed_on = today,
	};
	int rc = pdf_member_file(&f, path, e);
	if (!rc && name)
		snprintf(name, CARE_DOC_NAME_MAX, "一人一档-%s-%lld.pdf", m->name,
			 (long long)member_id);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(rows);
	free(items);
	member_free(m);
	return rc;
}

int member_file_write(struct core *c, const struct actor *a, int64_t member_id, const char *path,
		      char name[CARE_DOC_NAME_MAX], struct bf_err *e)
{
	return file_write(c, a, member_id, path, name, e);
}

struct file_job {
	struct core *c;
	const struct actor *a;
	int64_t member_id;
	char *name;
};

static int file_job_write(const char *path, void *ctx, struct bf_err *e)
{
	struct file_job *j = ctx;
	return file_write(j->c, j->a, j->member_id, path, j->name, e);
}

int member_file_render(struct core *c, const struct actor *a, int64_t member_id, void **data,
		       size_t *len, char name[CARE_DOC_NAME_MAX], struct bf_err *e)
{
	struct file_job j = {c, a, member_id, name};
	return io_render("member_file.pdf", file_job_write, &j, data, len, e);
}
