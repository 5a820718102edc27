/* cli.h - what the command files share: the global options (--db, --key),
 * opening the database and key, and printing errors the same way. */
#ifndef BANGFU_CLI_H
#define BANGFU_CLI_H
#include <getopt.h>
#include "register.h"

struct cli {
	const char *db_url;
	const char *key_path; /* NULL: derived from the database URL */
	char key_buf[1024];
	char files_buf[1024];
	struct db *db;
	struct crypto_key key;
	struct core core;
	struct actor actor;
};

struct command {
	const char *name; /* "member import" */
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *usage;   /* one line */
	const char *summary; /* one line, Chinese */
	const char *help;    /* the options, Chinese */
};

extern const struct command cli_commands[];

/* Opens the database (applying pending migrations) and loads the key. */
int cli_open(struct cli *cli, int need_key);
/* Loads the key after cli_open(cli, 0) (init creates it in between). */
int cli_load_key(struct cli *cli);
void cli_close(struct cli *cli);
/* The key file's path: --key, BANGFU_KEY, or beside the SQLite file. */
const char *cli_key_path(struct cli *cli);
/* Where case attachments are kept: var/attachments beside the SQLite
 * file, or var/attachments (relative to the working directory) for
 * PostgreSQL.  cli_open puts it in cli->core.files_dir. */
const char *cli_files_dir(struct cli *cli);
/* mkdir -p dir with mode 0750; -1 (errno set) when it cannot. */
int cli_make_dirs(const char *dir);
/* Prints "错误：…" (and the field) to stderr; returns 1 (the exit status). */
int cli_fail(const struct bf_err *e);
/* Prints usage for a command; returns 2. */
int cli_usage(const char *name);
/* s as a positive decimal id (the whole text): 0, or -1 when it is not one. */
int cli_parse_id(const char *s, int64_t *out);
/* Handles --help/-h for a command: 1 when help was printed. */
int cli_wants_help(const char *name, int argc, char **argv);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_user_add(struct cli *cli, int argc, char **argv);
int cmd_user_passwd(struct cli *cli, int argc, char **argv);
int cmd_user_disable(struct cli *cli, int argc, char **argv);
int cmd_user_enable(struct cli *cli, int argc, char **argv);
int cmd_user_list(struct cli *cli, int argc, char **argv);
int cmd_org_import(struct cli *cli, int argc, char **argv);
int cmd_org_list(struct cli *cli, int argc, char **argv);
int cmd_member_import(struct cli *cli, int argc, char **argv);
int cmd_member_export(struct cli *cli, int argc, char **argv);
int cmd_member_file(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_audit_verify(struct cli *cli, int argc, char **argv);
int cmd_audit_head(struct cli *cli, int argc, char **argv);
int cmd_audit_seal(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
/* `bangfu routes --json` (hidden): the route table for the matrix test. */
int cmd_routes_json(void);
int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_doc(struct cli *cli, int argc, char **argv);
int cmd_policy_show(struct cli *cli, int argc, char **argv);
int cmd_policy_set(struct cli *cli, int argc, char **argv);
int cmd_ledger_verify(struct cli *cli, int argc, char **argv);
int cmd_ledger_head(struct cli *cli, int argc, char **argv);
int cmd_ledger_funds(struct cli *cli, int argc, char **argv);
int cmd_ledger_import(struct cli *cli, int argc, char **argv);
int cmd_fund_statement(struct cli *cli, int argc, char **argv);
int cmd_care_birthdays(struct cli *cli, int argc, char **argv);
int cmd_care_medals(struct cli *cli, int argc, char **argv);
int cmd_care_plans(struct cli *cli, int argc, char **argv);
int cmd_roll_list(struct cli *cli, int argc, char **argv);
int cmd_roll_show(struct cli *cli, int argc, char **argv);
int cmd_roll_register(struct cli *cli, int argc, char **argv);
int cmd_roll_confirm(struct cli *cli, int argc, char **argv);
int cmd_roll_reject(struct cli *cli, int argc, char **argv);
int cmd_roll_exit(struct cli *cli, int argc, char **argv);
int cmd_roll_import(struct cli *cli, int argc, char **argv);
int cmd_roll_review_open(struct cli *cli, int argc, char **argv);
int cmd_roll_review_list(struct cli *cli, int argc, char **argv);
int cmd_roll_review_progress(struct cli *cli, int argc, char **argv);
int cmd_roll_review_close(struct cli *cli, int argc, char **argv);
int cmd_verification_list(struct cli *cli, int argc, char **argv);
int cmd_verification_redraw(struct cli *cli, int argc, char **argv);
int cmd_verification_draw(struct cli *cli, int argc, char **argv);
int cmd_verification_report(struct cli *cli, int argc, char **argv);

#endif
