/* cmd_serve.c - `bangfu serve` and `bangfu demo`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "demo.h"
#include "http.h"
#include "io.h"

/* web/dist in the working directory, else beside the binary (build/../web/dist). */
static const char *default_web_root(char *buf, size_t n)
{
	char exe[900];
	if (access("web/dist/index.html", R_OK) == 0)
		return "web/dist";
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(buf, n, "%s/../web/dist", exe);
		return buf;
	}
	return "web/dist";
}

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* "30" is minutes; "90s" is seconds (for tests and short-lived kiosks). */
static int parse_duration(const char *s, int *seconds)
{
	char buf[16];
	size_t n = strlen(s);
	int v;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	if (buf[n - 1] == 's') {
		buf[n - 1] = '\0';
		if (parse_int(buf, 1, 24 * 3600, &v))
			return -1;
		*seconds = v;
		return 0;
	}
	if (parse_int(buf, 1, 24 * 60, &v))
		return -1;
	*seconds = v * 60;
	return 0;
}

/* "90" is days; "30s" is seconds (for tests); "0" is never. */
static int parse_days(const char *s, int *seconds)
{
	size_t n = strlen(s);
	int v;
	if (n > 1 && n < 16 && s[n - 1] == 's') {
		char buf[16];
		memcpy(buf, s, n - 1);
		buf[n - 1] = '\0';
		if (parse_int(buf, 1, 3650 * 86400, &v))
			return -1;
		*seconds = v;
		return 0;
	}
	if (parse_int(s, 0, 3650, &v))
		return -1;
	*seconds = v * 86400;
	return 0;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
					     {"threads", required_argument, NULL, 't'},
					     {"web", required_argument, NULL, 'w'},
					     {"access-log", required_argument, NULL, 'a'},
					     {"idle-timeout", required_argument, NULL, 'i'},
					     {"files", required_argument, NULL, 'f'},
					     {"max-connections", required_argument, NULL, 'm'},
					     {"max-per-address", required_argument, NULL, 'p'},
					     {"conn-timeout", required_argument, NULL, 'c'},
					     {"trusted-proxy", required_argument, NULL, 'x'},
					     {"session-lifetime", required_argument, NULL, 'L'},
					     {"password-max-age", required_argument, NULL, 'P'},
					     {"header-timeout", required_argument, NULL, 'H'},
					     {"body-timeout", required_argument, NULL, 'B'},
					     {NULL, 0, NULL, 0}};
	char webbuf[1024], proxies[1024] = "";
	const char *files = NULL;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct http_config cfg = {.listen = "127.0.0.1:8080",
				  .access_log = "-",
				  .threads = ncpu > 2 ? (int)ncpu * 2 : 4,
				  .idle_timeout = 30 * 60,
				  .max_connections = 1024,
				  .per_address = 128,
				  .conn_timeout = 30,
				  .session_lifetime = 8 * 3600,
				  .header_timeout = 20,
				  .body_timeout = 120};
	int c;
	cfg.web_root = default_web_root(webbuf, sizeof(webbuf));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'l')
			cfg.listen = optarg;
		else if (c == 'w')
			cfg.web_root = optarg;
		else if (c == 'a')
			cfg.access_log = optarg;
		else if (c == 'f' && *optarg)
			files = optarg;
		else if (c == 't' && !parse_int(optarg, 1, 256, &cfg.threads))
			continue;
		else if (c == 'i' && !parse_duration(optarg, &cfg.idle_timeout))
			continue;
		else if (c == 'm' && !parse_int(optarg, 16, 1000000, &cfg.max_connections))
			continue;
		else if (c == 'p' && !parse_int(optarg, 0, 1000000, &cfg.per_address))
			continue;
		else if (c == 'c' && !parse_int(optarg, 1, 3600, &cfg.conn_timeout))
			continue;
		else if (c == 'H' && !parse_int(optarg, 1, 3600, &cfg.header_timeout))
			continue;
		else if (c == 'B' && !parse_int(optarg, 1, 3600, &cfg.body_timeout))
			continue;
		else if (c == 'x' && strlen(proxies) + strlen(optarg) + 2 < sizeof(proxies))
			snprintf(proxies + strlen(proxies), sizeof(proxies) - strlen(proxies),
				 ",%s", optarg);
		else if (c == 'L' && !parse_duration(optarg, &cfg.session_lifetime))
			continue;
		else if (c == 'P' && !parse_days(optarg, &cfg.password_max_age))
			continue;
		else
			return cli_usage("serve");
	}
	if (optind != argc)
		return cli_usage("serve");
	if (cli_open(cli, 1))
		return 1;
	cfg.trusted_proxies = proxies[0] ? proxies + 1 : NULL;
	cfg.db_url = cli->db_url;
	cfg.key = cli->key;
	cfg.files_dir = files ? files : cli_files_dir(cli);
	if (cli_make_dirs(cfg.files_dir)) {
		fprintf(stderr, "错误：无法创建附件目录 %s：%s\n", cfg.files_dir, strerror(errno));
		return 1;
	}
	cli_close(cli); /* the server opens its own pool */
	struct bf_err e;
	if (http_serve(&cfg, &e))
		return cli_fail(&e);
	return 0;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"members", required_argument, NULL, 'm'},
					     {"seed", required_argument, NULL, 's'},
					     {"no-cases", no_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	int members = 300, seed = 1, cases = 1, c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'm' && !parse_int(optarg, 0, 10000000, &members))
			continue;
		else if (c == 's' && !parse_int(optarg, 0, 1000000000, &seed))
			continue;
		else if (c == 'n')
			cases = 0;
		else
			return cli_usage("demo");
	}
	if (optind != argc)
		return cli_usage("demo");
	if (cli_open(cli, 1))
		return 1;
	if (io_demo_run(&cli->core, &cli->actor, members, (unsigned)seed, cases, &e))
		return cli_fail(&e);
	printf("演示数据已生成：8 个镇（街道）党（工）委、72 个党支部/党总支、%d 名党员。\n"
	       "演示账号（密码均为 Demo123456）：dept（组织部）、town01（城关镇党委）、"
	       "branch0101（东风村党支部）、auditor（审计）\n",
	       members);
	if (cases)
		printf(
		    "帮扶流程：上年度评定已结束并发放完毕；本年度评定的案件分布在各个环节，"
		    "另有突发事故救助、公示与异议、"
		    "程序筛查（同户关联、筛查发现、待导入结果的筛查批次）、"
		    "资金收入、发放批次、创业借款和追回款；"
		    "困难党员台账有两年的登记、调整、脱困和返贫记录，本期台账动态调整进行到一半"
		    "。\n"
		    "党员关怀：结对帮扶及帮扶记录、帮扶计划、技能培训、节日走访慰问轮次进行到一半"
		    "（另有住院探望和亡故关怀任务）、谈心谈话、本周政治生日及祝福、"
		    "七一集体政治生日、表彰评选和荣誉名单；党员详情页可查看并打印一人一档。\n");
	return 0;
}

int cmd_routes_json(void)
{
	char *s = http_routes_json();
	if (!s)
		return 1;
	printf("%s\n", s);
	free(s);
	return 0;
}
