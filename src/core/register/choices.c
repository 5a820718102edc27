/* choices.c - the closed lists the member form offers (§1), with the
 * spellings people commonly type mapped onto them. */
#include <stdio.h>
#include <string.h>
#include "register.h"

const char *const member_genders[] = {"男", "女", NULL};

const char *const member_ethnicities[] = {
    "汉族",	"蒙古族",   "回族",	  "藏族",     "维吾尔族",   "苗族",   "彝族",	  "壮族",
    "布依族",	"朝鲜族",   "满族",	  "侗族",     "瑶族",	    "白族",   "土家族",	  "哈尼族",
    "哈萨克族", "傣族",	    "黎族",	  "傈僳族",   "佤族",	    "畲族",   "高山族",	  "拉祜族",
    "水族",	"东乡族",   "纳西族",	  "景颇族",   "柯尔克孜族", "土族",   "达斡尔族", "仫佬族",
    "羌族",	"布朗族",   "撒拉族",	  "毛南族",   "仡佬族",	    "锡伯族", "阿昌族",	  "普米族",
    "塔吉克族", "怒族",	    "乌孜别克族", "俄罗斯族", "鄂温克族",   "德昂族", "保安族",	  "裕固族",
    "京族",	"塔塔尔族", "独龙族",	  "鄂伦春族", "赫哲族",	    "门巴族", "珞巴族",	  "基诺族",
    NULL};

const char *const member_educations[] = {"研究生", "大学本科", "大学专科", "中等专科", "高中",
					 "初中",   "小学",     "未上学",   NULL};

const char *const member_types[] = {"退任村干部", "退役军人", "普通党员", "其他", NULL};

const char *const member_statuses[] = {"在职", "离退休", "流动", "亡故", NULL};

const char *const member_household_types[] = {"农业", "非农业", NULL};

int member_choice_valid(const char *const *list, const char *v)
{
	for (; *list; list++)
		if (!strcmp(*list, v))
			return 1;
	return 0;
}

/* Common spellings → the listed value. */
static const struct {
	const char *typed, *value;
} aliases[] = {
    {"本科", "大学本科"}, {"大学", "大学本科"},	    {"大专", "大学专科"}, {"专科", "大学专科"},
    {"中专", "中等专科"}, {"技校", "中等专科"},	    {"硕士", "研究生"},	  {"博士", "研究生"},
    {"文盲", "未上学"},	  {"半文盲", "未上学"},	    {"流动党员", "流动"}, {"退休", "离退休"},
    {"离休", "离退休"},	  {"死亡", "亡故"},	    {"农村", "农业"},	  {"城镇", "非农业"},
    {"城市", "非农业"},	  {"退伍军人", "退役军人"}, {"男性", "男"},	  {"女性", "女"},
};

void member_choice_normalise(char *v, size_t n)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(v, aliases[i].typed)) {
			snprintf(v, n, "%s", aliases[i].value);
			return;
		}
	/* "汉" → "汉族" */
	if (!member_choice_valid(member_ethnicities, v) && v[0] && strlen(v) + 4 < n) {
		char t[64];
		snprintf(t, sizeof(t), "%s族", v);
		if (member_choice_valid(member_ethnicities, t))
			snprintf(v, n, "%s", t);
	}
}
