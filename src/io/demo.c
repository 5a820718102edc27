/* demo.c - a realistic demo district, deterministic for a seed: towns
 * (committees), village and unit branches, members with plausible names,
 * ages, join dates and valid ID numbers, one demo account per role and,
 * unless asked not to, the aid procedure and the fund at work
 * (demo_cases.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "date.h"
#include "demo.h"
#include "demo_care.h"
#include "demo_cases.h"
#include "idnum.h"
#include "io.h"
#include "wrapper.h"

#define DEMO_PASSWORD "Demo123456"

static const char *const towns[] = {"城关镇", "东关街道", "青山镇", "河口镇",
				    "柳林镇", "石桥镇",	  "白沙乡", "龙泉镇"};
static const char *const villages[] = {
    "东风", "红旗", "前进", "新华", "胜利", "光明", "和平", "幸福", "团结", "建设",
    "永安", "长青", "杨柳", "桃园", "李家", "王庄", "张湾", "刘集", "陈岗", "赵庄",
    "马坡", "高桥", "石门", "双河", "三里", "五星", "七里", "九龙", "金山", "银杏",
    "梨树", "枣林", "松岭", "竹园", "荷塘", "花果", "南岗", "北坡", "西沟", "东岭"};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴",
				       "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
				       "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩",
				       "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘"};
static const char *const given_m[] = {"建国", "国强", "志强", "永福", "德明", "文华", "春生",
				      "海涛", "振华", "立新", "长林", "玉山", "富贵", "红军",
				      "卫东", "建华", "明亮", "金龙", "树林", "宝山", "新民",
				      "德胜", "兴旺", "守仁", "学军", "庆丰", "秋生", "大勇"};
static const char *const given_f[] = {"秀英", "桂英", "玉兰", "秀兰", "凤英", "淑珍", "春梅",
				      "丽华", "翠花", "金凤", "红梅", "素芳", "美玲", "晓燕",
				      "月娥", "彩霞", "爱华", "冬梅", "桂芳", "雪梅", "玉珍"};
static const char *const areas[] = {"330702", "330703", "330723", "330726", "330727"};

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}

static int pick(struct rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

#define PICK(r, arr) (arr[pick(r, (int)(sizeof(arr) / sizeof(arr[0])))])

/* Weighted choice: weights in percent, summing to 100. */
static const char *weighted(struct rng *r, const char *const *v, const int *w)
{
	int x = pick(r, 100);
	for (int i = 0;; i++) {
		if (x < w[i] || !v[i + 1])
			return v[i];
		x -= w[i];
	}
}

static int add_org(struct core *c, const struct actor *a, int64_t parent, const char *code,
		   const char *name, const char *kind_name, struct org *out, struct bf_err *e)
{
	memset(out, 0, sizeof(*out));
	out->parent_id = parent;
	snprintf(out->code, sizeof(out->code), "%s", code);
	snprintf(out->name, sizeof(out->name), "%s", name);
	snprintf(out->kind_name, sizeof(out->kind_name), "%s", kind_name);
	snprintf(out->phone, sizeof(out->phone), "0570-%07d",
		 3000000 + (int)(parent * 37 % 999999));
	return org_create_tx(c, a, out, e);
}

struct demo_orgs {
	int64_t branch[256];
	char branch_place[256][64];
	int nbranch;
	int64_t town[8];
};

static int add_town(struct core *c, const struct actor *a, const struct org *root, int t,
		    struct rng *r, struct demo_orgs *d, struct bf_err *e)
{
	struct org town, o;
	char code[32], name[128];
	snprintf(code, sizeof(code), "T%02d", t + 1);
	snprintf(name, sizeof(name), "%s%s", towns[t],
		 strstr(towns[t], "街道") ? "党工委" : "党委");
	if (add_org(c, a, root->id, code, name, strstr(name, "党工委") ? "党工委" : "党委", &town,
		    e))
		return -1;
	d->town[t] = town.id;
	for (int v = 0; v < 6; v++) {
		const char *vill = villages[(t * 6 + v) % 40];
		snprintf(code, sizeof(code), "T%02dV%02d", t + 1, v + 1);
		snprintf(name, sizeof(name), "%s村党支部", vill);
		if (add_org(c, a, town.id, code, name, "党支部", &o, e))
			return -1;
		d->branch[d->nbranch] = o.id;
		snprintf(d->branch_place[d->nbranch++], 64, "%s%s村", towns[t], vill);
	}
	snprintf(code, sizeof(code), "T%02dJ", t + 1);
	snprintf(name, sizeof(name), "%s机关党支部", towns[t]);
	if (add_org(c, a, town.id, code, name, "党支部", &o, e))
		return -1;
	d->branch[d->nbranch] = o.id;
	snprintf(d->branch_place[d->nbranch++], 64, "%s", towns[t]);
	snprintf(code, sizeof(code), "T%02dS", t + 1);
	snprintf(name, sizeof(name), "%s中心学校党总支", towns[t]);
	if (add_org(c, a, town.id, code, name, "党总支", &o, e))
		return -1;
	int64_t gb = o.id;
	snprintf(code, sizeof(code), "T%02dS1", t + 1);
	snprintf(name, sizeof(name), "%s中心学校第一党支部", towns[t]);
	if (add_org(c, a, gb, code, name, "党支部", &o, e))
		return -1;
	d->branch[d->nbranch] = o.id;
	snprintf(d->branch_place[d->nbranch++], 64, "%s", towns[t]);
	(void)r;
	return 0;
}

static char id_check_char(const char *first17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

/* With the procedure, the first members go to T01's branches (16 to
 * T01V01) so its accounts have people to aid even in a small demo. */
static int member_branch(struct rng *r, const struct demo_orgs *d, int i, int cases)
{
	int b = pick(r, d->nbranch);
	if (cases && i < 16)
		return 0;
	if (cases && i < 48)
		return 1 + (i - 16) % 7;
	return b;
}

static void demo_member(struct rng *r, const struct demo_orgs *d, int i, int cases,
			struct member *m)
{
	static const char *const edu[] = {"小学",     "初中",	  "高中",   "中等专科",
					  "大学专科", "大学本科", "未上学", NULL};
	static const int edu_w[] = {25, 35, 15, 8, 7, 5, 5};
	static const char *const types[] = {"普通党员", "退任村干部", "退役军人", "其他", NULL};
	static const int types_w[] = {78, 9, 11, 2};
	struct ymd today = date_today();
	int male = pick(r, 100) < 72; /* rural members are mostly men */
	int b = member_branch(r, d, i, cases);
	member_release(m);
	memset(m, 0, sizeof(*m));
	m->org_id = d->branch[b];
	snprintf(m->name, sizeof(m->name), "%s%s", PICK(r, surnames),
		 male ? PICK(r, given_m) : PICK(r, given_f));
	snprintf(m->ethnicity, sizeof(m->ethnicity), "%s", pick(r, 100) < 95 ? "汉族" : "畲族");
	struct ymd birth = {today.y - 25 - pick(r, 60), 1 + pick(r, 12), 1 + pick(r, 28)};
	char first17[40];
	/* area, birth date, then a sequence whose last digit is odd for men */
	int seq = (i % 450) * 2 + 100 + (male ? 1 : 0);
	snprintf(first17, sizeof(first17), "%s%04d%02d%02d%03d", PICK(r, areas), birth.y, birth.m,
		 birth.d, seq);
	snprintf(m->id_number, sizeof(m->id_number), "%.17s%c", first17, id_check_char(first17));
	int join_age = 18 + pick(r, 22);
	struct ymd joined = {birth.y + join_age + 1, 1 + pick(r, 12), 1};
	if (date_cmp(joined, today) > 0)
		joined = (struct ymd){today.y - 1, 7, 1};
	date_format(joined, m->joined_on);
	snprintf(m->phone, sizeof(m->phone), "1%d%d%08d", 3 + pick(r, 7), pick(r, 10),
		 pick(r, 100000000));
	snprintf(m->household_type, sizeof(m->household_type), "%s",
		 pick(r, 100) < 80 ? "农业" : "非农业");
	m->household_size = 1 + pick(r, 6);
	snprintf(m->address, sizeof(m->address), "%s%d组%d号", d->branch_place[b], 1 + pick(r, 9),
		 1 + pick(r, 80));
	snprintf(m->education, sizeof(m->education), "%s", weighted(r, edu, edu_w));
	snprintf(m->member_type, sizeof(m->member_type), "%s", weighted(r, types, types_w));
	int age = today.y - birth.y;
	snprintf(m->status, sizeof(m->status), "%s",
		 age >= 80 && pick(r, 100) < 6 ? "亡故"
		 : age >= 60		       ? "离退休"
		 : pick(r, 100) < 10	       ? "流动"
					       : "在职");
	snprintf(m->income_sources, sizeof(m->income_sources), "%s约 %d 元/年",
		 age >= 60 ? "养老金及务农收入" : "务工及务农收入", 3000 + pick(r, 40) * 500);
	if (pick(r, 100) < 15)
		snprintf(m->other_subsidies, sizeof(m->other_subsidies), "城乡低保 %d 元/月",
			 300 + pick(r, 10) * 20);
	if (m->household_size > 1) {
		member_family_resize(m, 1);
		snprintf(m->family[0].name, sizeof(m->family[0].name), "%s%s", PICK(r, surnames),
			 male ? PICK(r, given_f) : PICK(r, given_m));
		snprintf(m->family[0].relation, sizeof(m->family[0].relation), "%s",
			 male ? "妻子" : "丈夫");
		m->family[0].birth_year = birth.y + pick(r, 5) - 2;
		snprintf(m->family[0].occupation, sizeof(m->family[0].occupation), "%s",
			 age >= 65 ? "务农，患慢性病" : "务农");
	}
}

static int add_users(struct core *c, const struct actor *a, const struct org *root,
		     const struct demo_orgs *d, struct demo_world *w, struct bf_err *e)
{
	static const struct {
		const char *username, *name, *role;
		int which; /* 0 root, 1 first town, 2 first branch */
	} users[] = {{"dept", "组织部干部", "department", 0},
		     {"town01", "城关镇组织委员", "committee", 1},
		     {"branch0101", "东风村党支部书记", "branch", 2},
		     {"auditor", "纪检审计员", "auditor", 0}};
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		struct user u;
		memset(&u, 0, sizeof(u));
		snprintf(u.username, sizeof(u.username), "%s", users[i].username);
		snprintf(u.display_name, sizeof(u.display_name), "%s", users[i].name);
		snprintf(u.role, sizeof(u.role), "%s", users[i].role);
		u.org_id = users[i].which == 0	 ? root->id
			   : users[i].which == 1 ? d->town[0]
						 : d->branch[0];
		if (user_create(c, a, &u, DEMO_PASSWORD, e) || user_find(c, u.username, &u, e) != 1)
			return -1;
		struct actor *to[] = {&w->dept, &w->town, &w->branch, NULL};
		if (to[i])
			actor_from_user(to[i], &u, "demo");
	}
	return 0;
}

static int find_root(struct core *c, const struct actor *a, struct org *root, struct bf_err *e)
{
	struct org *items = NULL;
	size_t n = 0;
	if (org_list(c, a, &items, &n, e))
		return -1;
	int rc = err_set(e, EC_NOT_FOUND, NULL, "没有组织部：请先运行 bangfu init");
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(items[i].code, "T01")) {
			rc = err_set(e, EC_CONFLICT, NULL,
				     "演示数据已存在（组织编码 T01），未做改动");
			break;
		}
		if (!strcmp(items[i].kind, ORG_DEPARTMENT) && rc != 0 && e->code == EC_NOT_FOUND) {
			*root = items[i];
			rc = 0;
			err_clear(e);
		}
	}
	free(items);
	return rc;
}

/* Keeps the living members of T01's branches, and two of each other
 * town, for the procedure. */
static void keep_member(struct demo_world *w, const struct demo_orgs *d, const struct member *m)
{
	for (int b = 0; b < d->nbranch && w->nmember < DEMO_POOL_MAX; b++)
		if (d->branch[b] == m->org_id && m->id > 0 && strcmp(m->status, "亡故") != 0 &&
		    (b < 8 || w->per_town[b / 8]++ < 2)) {
			w->member[w->nmember] = m->id;
			w->member_branch[w->nmember] = b;
			snprintf(w->member_name[w->nmember++], sizeof(w->member_name[0]), "%s",
				 m->name);
		}
}

static int add_members(struct core *c, struct rng *r, const struct demo_orgs *d, int count,
		       struct demo_world *w, int cases, struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = 0;
	for (int i = 0; i < count && !rc; i++) {
		demo_member(r, d, i, cases, m);
		m->created_at = m->updated_at = (int64_t)time(NULL);
		rc = member_validate(m, e) || member_seal(c->key, m, e) ? -1
									: member_insert_tx(c, m, e);
		if (rc == -1 && e->code == EC_DUPLICATE_ID) /* a rare collision: skip it */
			rc = 0, count++;
		else if (rc == 0)
			keep_member(w, d, m);
	}
	member_free(m);
	return rc;
}

int io_demo_run(struct core *c, const struct actor *a, int members, unsigned seed, int cases,
		struct bf_err *e)
{
	struct org root = {0};
	struct demo_orgs *d = xcalloc(1, sizeof(*d));
	struct demo_world *w = xcalloc(1, sizeof(*w));
	struct rng r = {0x9E3779B97F4A7C15ULL ^ ((uint64_t)seed * 0x100000001B3ULL)};
	int rc = -1;
	if (find_root(c, a, &root, e) || db_begin(c->db, 1, e) < 0)
		goto out;
	for (int t = 0; t < 8; t++)
		if (add_town(c, a, &root, t, &r, d, e))
			goto fail;
	if (add_members(c, &r, d, members, w, cases, e))
		goto fail;
	char detail[96];
	snprintf(detail, sizeof(detail), "{\"members\":%d,\"seed\":%u,\"cases\":%s}", members, seed,
		 cases ? "true" : "false");
	if (audit_record(c->db, a, "demo", "org", root.id, detail, e) || db_commit(c->db, e) < 0)
		goto fail;
	/* Accounts after the data: user_create runs its own transactions. */
	rc = add_users(c, a, &root, d, w, e);
	if (rc == 0 && cases) {
		w->admin = *a;
		w->root_id = root.id;
		w->town_id = d->town[0];
		memcpy(w->branch_id, d->branch, sizeof(w->branch_id));
		rc = demo_cases(c, w, e) || demo_roll(c, w, e) || demo_roll_review(c, w, e) ||
			     demo_care(c, w, e)
			 ? -1
			 : 0;
	}
	goto out;
fail:
	db_rollback(c->db);
out:
	free(d);
	free(w);
	return rc;
}

int io_demo(struct core *c, const struct actor *a, int members, unsigned seed, struct bf_err *e)
{
	return io_demo_run(c, a, members, seed, 1, e);
}
