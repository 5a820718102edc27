/* documents_impl.h - what the document writers of src/io share
 * (documents.c: the forms and the notice; documents_lists.c: the notice's
 * result report and the sign-off sheet). */
#ifndef BANGFU_DOCUMENTS_IMPL_H
#define BANGFU_DOCUMENTS_IMPL_H
#include "cases.h"
#include "documents.h"

/* A unix time as the day "YYYY-MM-DD" (local time). */
void doc_unix_date(int64_t t, char out[CASE_DATE_LEN]);
/* The committee nearest above and the department of a materialised path
 * (id 0 when not found): names for the papers. */
int doc_superiors(struct core *c, const char *path, struct org *committee, struct org *department,
		  struct bf_err *e);
/* 公示结果报告 of notice id (of_case: id is a case, the latest notice
 * listing it; EC_NOT_FOUND "notice" when it was never posted). */
int doc_write_notice_report(struct core *c, const struct actor *a, int of_case, int64_t id,
			    const char *path, char name[DOC_NAME_MAX], struct bf_err *e);
/* 发放签收表 of payment batch id, the ID numbers masked. */
int doc_write_signoff(struct core *c, const struct actor *a, int64_t id, const char *path,
		      char name[DOC_NAME_MAX], struct bf_err *e);

/* 公示 of a commendation notice nt: the recommended nominations it lists. */
int doc_write_commendation_notice(struct core *c, const struct actor *a, const struct notice *nt,
				  const char *path, char name[DOC_NAME_MAX], struct bf_err *e);
/* 表彰名单 of commendation round id (approved: its honours). */
int doc_write_honours(struct core *c, const struct actor *a, int64_t id, const char *path,
		      char name[DOC_NAME_MAX], struct bf_err *e);

#endif
