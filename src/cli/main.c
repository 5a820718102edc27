/* main.c - `bangfu`: git-style subcommands from one table; --db and --key
 * are taken from anywhere on the line before the command sees its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "cli.h"
#include "store.h"

#define GLOBAL_HELP                                                                                            \
	"  --db URL     数据库：sqlite:路径 或 postgresql://…（默认取环境变量 BANGFU_DB，\n" \
	"               否则 sqlite:var/bangfu.db）\n"                                                      \
	"  --key FILE   字段加密密钥文件（默认取 BANGFU_KEY，否则在 SQLite 文件旁，\n"     \
	"               PostgreSQL 时为 var/bangfu.key）\n"

const struct command cli_commands[] = {
    {"init", cmd_init, "bangfu init [--admin-password PW] [--org-code CODE] [--org-name NAME]",
     "建立数据库结构、密钥文件和管理员账号 admin",
     "  --admin-password PW  管理员密码（不填则生成随机密码并显示一次）\n"
     "  --org-code CODE      组织部的组织编码（默认 000）\n"
     "  --org-name NAME      组织部名称（默认 区委组织部）\n"},
    {"migrate", cmd_migrate, "bangfu migrate", "把数据库结构升级到当前版本", ""},
    {"backup", cmd_backup, "bangfu backup --out FILE",
     "备份 SQLite 数据库（服务运行时也可以，得到一致的副本）",
     "  --out FILE   备份文件；写完整后才替换同名文件\n"
     "  用 SQLite 的在线备份接口复制，备份期间服务照常读写。密钥文件不在备份中，\n"
     "  请另行备份、分开保管（没有它，身份证号码和电话无法解密，链也无法校验）。\n"
     "  PostgreSQL 数据库请用 pg_dump。\n"},
    {"restore", cmd_restore, "bangfu restore FILE [--force]",
     "从备份文件恢复 SQLite 数据库（--db 指定的目标）",
     "  FILE      bangfu backup 生成的备份文件\n"
     "  --force   目标数据库已存在时替换它（请先停止 bangfu serve）\n"
     "  先检查备份是 bangfu 的数据库、结构版本不新于本程序，在目标旁的临时文件中升级\n"
     "  并用密钥校验审计日志和基金账簿，全部通过后才在一个事务中替换目标；\n"
     "  否则目标保持原样。PostgreSQL 请用 pg_restore。\n"},
    {"serve", cmd_serve,
     "bangfu serve [--listen IP:PORT] [--threads N] [--web DIR] [--access-log FILE|-] "
     "[--idle-timeout MIN] [--session-lifetime MIN] [--password-max-age DAYS] [--files DIR] "
     "[--max-connections N] [--max-per-address N] [--conn-timeout S] [--header-timeout S] "
     "[--body-timeout S] [--trusted-proxy ADDR]",
     "启动 Web 服务（JSON 接口 /api/v1 和管理控制台）",
     "  --listen IP:PORT     监听地址（默认 127.0.0.1:8080）\n"
     "  --threads N          工作线程数（默认 CPU 核数×2，至少 4）\n"
     "  --web DIR            控制台文件目录（默认 web/dist）\n"
     "  --access-log FILE    访问日志文件，- 为标准错误（默认 -）\n"
     "  --idle-timeout MIN   会话空闲超时分钟数（默认 30；带 s 后缀为秒，如 90s）\n"
     "  --session-lifetime MIN  登录后无论是否操作，会话最长分钟数（默认 480，即 8 小时；\n"
     "                       带 s 后缀为秒）\n"
     "  --password-max-age DAYS  密码有效天数，过期后须先修改密码（默认 0：不过期；\n"
     "                       带 s 后缀为秒）\n"
     "  --files DIR          档案附件存放目录（默认 SQLite 文件旁的 attachments，\n"
     "                       PostgreSQL 时为 var/attachments；不存在则以 0750 权限创建）\n"
     "  --max-connections N  同时打开的连接总数上限（默认 1024；超出文件描述符上限时自动降低）\n"
     "  --max-per-address N  同一地址同时打开的连接数上限（默认 128，0 为不限；\n"
     "                       受信任的反向代理地址不受此限，只受总数限制）\n"
     "  --conn-timeout S     连接空闲（收不到请求头、请求体或下一个请求）多少秒后关闭（默认 30）\n"
     "  --header-timeout S   请求头须在连接建立后多少秒内收齐，否则关闭连接（默认 20；\n"
     "                       保持的连接上为上一个应答发完后 --conn-timeout 加此秒数）\n"
     "  --body-timeout S     请求体须在请求头收齐后多少秒内收齐，否则关闭连接（默认 120）\n"
     "  --trusted-proxy ADDR 受信任的反向代理地址或网段（如 127.0.0.1、10.0.0.0/8），可重复\n"
     "                       或用逗号分隔：只相信它们转来的 "
     "X-Forwarded-For（取最右边的非代理地址，\n"
     "                       用于登录限流、审计日志和访问日志）和 X-Forwarded-Proto（https 时\n"
     "                       Cookie 加 Secure）；其他来源的这两个请求头一律忽略\n"},
    {"user add", cmd_user_add,
     "bangfu user add USERNAME --role ROLE --org CODE [--name 姓名] [--password PW]", "新建用户",
     "  --role ROLE      admin、department、committee、branch 或 auditor\n"
     "  --org CODE       所属组织的组织编码\n"
     "  --name 姓名      显示的姓名\n"
     "  --password PW    初始密码（不填则生成随机密码并显示一次，首次登录后须修改）\n"
     "  角色与组织：department 只能属于组织部（根组织）；committee 属于党委或党工委；\n"
     "  branch 属于党支部或党总支；admin 和 auditor 属于组织部或党（工）委。\n"},
    {"user passwd", cmd_user_passwd, "bangfu user passwd USERNAME [--stdin]",
     "重置用户密码：默认生成随机密码并显示一次（首次登录后须修改）",
     "  --stdin      从标准输入读取新密码（一行）；须符合密码规则且不同于最近 5 次的密码，\n"
     "               无须在登录后修改\n"
     "  该用户的登录会话全部结束；记入审计日志。\n"},
    {"user disable", cmd_user_disable, "bangfu user disable USERNAME",
     "停用用户：不能再登录，已登录的会话立即结束（用户不会被删除，历史记录保留）", ""},
    {"user enable", cmd_user_enable, "bangfu user enable USERNAME", "重新启用已停用的用户", ""},
    {"user list", cmd_user_list, "bangfu user list [--json]",
     "列出全部用户：编号、用户名、姓名、角色、所属组织、状态",
     "  --json       输出 JSON 数组（字段同 GET /api/v1/users）\n"},
    {"org import", cmd_org_import, "bangfu org import FILE.csv|FILE.xlsx",
     "导入组织（表头：组织编码,组织名称,上级组织编码,组织类别）",
     "  CSV 或 Excel（.xlsx，读第一个工作表）。\n"
     "  组织类别：组织部、党委、党工委、党总支、党支部。全部成功才导入。\n"},
    {"org list", cmd_org_list, "bangfu org list", "列出全部组织（树形）", ""},
    {"member import", cmd_member_import,
     "bangfu member import FILE.csv|FILE.xlsx [--skip-invalid] [--errors OUT.csv]",
     "导入党员名册（UTF-8 或 GBK 的 CSV，或 Excel 的 .xlsx）",
     "  表头：姓名,性别,民族,出生年月,入党时间,身份证号码,联系电话,户口类别,家庭人口,\n"
     "        家庭住址,文化程度,人员类别,所在支部（按列名识别，顺序不限；\n"
     "        所在支部填支部的组织编码或全称；出生年月、性别可空，由身份证号码识别）\n"
     "  .xlsx 读第一个工作表：日期可为文字或 Excel 的日期；身份证号码列须为文本格式\n"
     "        （存成数字的号码已丢失末几位，该行报错）。\n"
     "  默认全部正确才导入：有错误行时一条也不导入，并列出每个错误行。\n"
     "  --skip-invalid   只导入正确的行\n"
     "  --errors FILE    把错误行及原因写入此 CSV 文件\n"},
    {"member export", cmd_member_export,
     "bangfu member export [--org CODE] [--out FILE] [--format csv|xlsx] [--reveal]",
     "导出党员名册为 CSV 或 Excel（XLSX）",
     "  --org CODE   只导出该组织及下级组织的党员\n"
     "  --out FILE   输出文件（默认标准输出；以 .xlsx 结尾时导出 Excel）\n"
     "  --format F   csv（默认）或 xlsx：Excel 工作簿「党员名册」，中文表头、日期为日期、\n"
     "               横向打印每页重复表头；须同时给出 --out\n"
     "  --reveal     导出完整身份证号码和联系电话（记入审计日志）\n"},
    {"member file", cmd_member_file, "bangfu member file ID --out FILE.pdf",
     "导出党员的一人一档（PDF）：党员信息与全部帮扶关怀记录",
     "  ID           党员编号\n"
     "  --out FILE   输出的 PDF 文件\n"
     "  身份证号码、联系电话隐藏显示；导出记入审计日志（打印一人一档）。\n"},
    {"demo", cmd_demo, "bangfu demo [--members N] [--seed S] [--no-cases]",
     "生成演示数据：镇党委、村和单位党支部、党员、各角色演示账号，以及帮扶流程和资金",
     "  --members N  党员人数（默认 300）\n"
     "  --seed S     随机种子（相同种子生成相同数据，默认 1）\n"
     "  --no-cases   不生成帮扶案件和资金（只有组织、党员和账号）\n"
     "  默认还生成：上年度评定（已结束、已发放）、本年度评定中处于各环节的案件、\n"
     "  公示与异议、突发事故救助（含先发后补）、资金收入、发放批次与签收、\n"
     "  创业借款（一期逾期）和追回款；各步骤按工作日依次发生在今天之前；\n"
     "  困难党员台账两年的变动：审批入册、调查摸底登记与确认（一人未通过）、11 月调整档次、\n"
     "  就业脱困后返贫、亡故、收入超标脱困\n"},
    {"doc", cmd_doc,
     "bangfu doc KIND (--case ID | --notice ID | --batch ID) --out FILE.pdf [--reveal]",
     "把档案、公示或发放批次打印为 PDF（申请表、信息登记表、公示、公示结果报告、发放签收表）",
     "  KIND              application（申请表：生活困难帮扶为附件1，突发事故救助为附件2）、\n"
     "                    registration（困难党员信息登记表）、notice（公示，附件3）、\n"
     "                    notice_report（公示结果报告）或 signoff（发放签收表）\n"
     "  --case ID         档案编号（application、registration；notice_report 为其最近的公示）\n"
     "  --notice ID       公示编号（notice、notice_report）\n"
     "  --batch ID        资金拨付批次编号（signoff）\n"
     "  --out FILE.pdf    输出文件；生成失败时不留下文件，已有文件保持不变\n"
     "  --reveal          申请表上打印完整身份证号码和联系电话（记入审计日志）；\n"
     "                    默认与其他文书一样打印为脱敏形式\n"},
    {"policy show", cmd_policy_show, "bangfu policy show [--version N | --date YYYY-MM-DD]",
     "输出帮扶政策（JSON）：默认为今天施行的版本",
     "  --version N      指定版本\n"
     "  --date DATE      该日施行的版本\n"},
    {"policy set", cmd_policy_set,
     "bangfu policy set FILE.json --effective YYYY-MM-DD [--note 说明]",
     "保存新版本的帮扶政策（版本号自动递增）",
     "  FILE.json           政策文件（格式同 bangfu policy show 的输出）\n"
     "  --effective DATE    施行日期（不得早于今天；更正现行版本时可沿用其施行日期）\n"
     "  --note 说明         修改说明（默认注明由命令行导入的文件）\n"},
    {"audit verify", cmd_audit_verify, "bangfu audit verify [--head SEQ:HASH]",
     "校验审计日志：SM3 哈希链和每条记录的密钥校验值（完好时退出码为 0）",
     "  --head SEQ:HASH  链外保存的链头（bangfu audit head 的输出，也印在基金收支\n"
     "                   公示上；也可只给哈希）：它必须仍在链中，否则说明此后\n"
     "                   有记录被删除或链被改写\n"
     "  须有密钥文件。没有链外链头时，从末尾删除的记录查不出来（见 docs/internals/ledger.md）。\n"},
    {"audit head", cmd_audit_head, "bangfu audit head",
     "输出审计日志的链头（序号:哈希），供组织部在数据库之外留存",
     "  先校验链头这一条记录的哈希和密钥校验值；输出可原样交给 --head。\n"},
    {"audit seal", cmd_audit_seal, "bangfu audit seal",
     "封存升级到密钥链之前写入的审计日志和基金凭证（升级后运行一次）",
     "  先校验整条链，再用密钥为旧记录的最后一条加上校验值。升级后 verify 会提示运行它；\n"
     "  已经封存过之后如果再次提示，说明数据库被改动过，应先查明原因。\n"},
    {"ledger verify", cmd_ledger_verify, "bangfu ledger verify [--fund ID [--head SEQ:HASH]]",
     "校验基金账簿：每张凭证借贷平衡、余额与分录合计相符、SM3 哈希链和密钥校验值完好"
     "（完好时退出码为 0）",
     "  --fund ID        只校验该基金（默认校验全部基金）\n"
     "  --head SEQ:HASH  该基金链外保存的链头（bangfu ledger head 的输出，也印在收支\n"
     "                   公示上）：它必须仍在链中，否则说明此后有凭证被删除或链被改写\n"
     "  须有密钥文件。发现问题时退出码为 "
     "1，并指出第一条异常（基金、凭证序号、凭证编号和原因）。\n"},
    {"ledger head", cmd_ledger_head, "bangfu ledger head [--fund ID]",
     "输出基金账簿的链头（每行：基金编号、序号:哈希），供在数据库之外留存",
     "  --fund ID    只输出该基金（默认全部基金）\n"},
    {"ledger funds", cmd_ledger_funds, "bangfu ledger funds",
     "列出全部基金：编号、名称、余额（元）、凭证张数", ""},
    {"ledger import", cmd_ledger_import,
     "bangfu ledger import FILE.csv (--fund ID | --org CODE) [--batch REF]",
     "从 CSV 文件导入凭证（每行一张两行分录的凭证；全部成功才导入）",
     "  表头：日期,类型,借方科目,贷方科目,金额,摘要,党员编号,档案编号,捐款人\n"
     "        （按列名识别，顺序不限；借方科目、贷方科目、金额必填；科目填代码或\n"
     "        中文名称，如 bank / 银行存款；金额单位为元；类型默认 payment；\n"
     "        日期默认今天）\n"
     "        金额每笔不超过 1 亿元；日期在 2000-01-01 至今天之间；摘要最长 60 个字，\n"
     "        捐款人最长 30 个字（见 docs/API.md 的 Limits on what is stored）\n"
     "  --fund ID    记入该基金\n"
     "  --org CODE   记入该组织的基金（没有则建立）\n"
     "  --batch REF  每张凭证记上的批次号\n"},
    {"fund statement", cmd_fund_statement,
     "bangfu fund statement --org ID|CODE --from YYYY-MM-DD --to YYYY-MM-DD "
     "[--out FILE.pdf|FILE.xlsx] [--issuer 名称] [--date YYYY-MM-DD]",
     "组织帮扶基金某一期间的收支情况：期初余额、分来源收入、分类别支出、期末余额",
     "  --org ID|CODE   组织编号或组织编码\n"
     "  --from DATE     起始日期（含）\n"
     "  --to DATE       截止日期（含）\n"
     "  --out FILE      .pdf：生成向党员公开的收支情况公示；.xlsx：导出该期间全部凭证\n"
     "                  明细和收支表；不填则在终端输出收支表（单位：元）\n"
     "  --issuer 名称   公示落款（默认为该组织名称）\n"
     "  --date DATE     公示落款日期（默认留空，手写）\n"},
    {"care birthdays", cmd_care_birthdays,
     "bangfu care birthdays [--from DATE] [--to DATE] [--org CODE] [--json]",
     "列出政治生日（入党纪念日）在某几天的党员及其党龄",
     "  --from DATE   起始日期（含，默认今天）\n"
     "  --to DATE     截止日期（含，默认起始日期后第 6 天，即一周；最多 31 天）\n"
     "  --org CODE    只列该组织及下级组织的党员（默认全区）\n"
     "  --json        输出 JSON 数组\n"
     "  2 月 29 日入党的党员，平年的政治生日为 2 月 28 日；已亡故的党员不列出。\n"},
    {"care medals", cmd_care_medals,
     "bangfu care medals [--year YYYY] [--org CODE] [--out FILE.pdf|FILE.xlsx] [--json]",
     "列出某年党龄达到 50 年的党员：“光荣在党50年”纪念章颁发对象名单",
     "  --year YYYY   年度（默认今年）：列出 YYYY-50 年入党的党员\n"
     "  --org CODE    只列该组织及下级组织的党员（默认全区）\n"
     "  --out FILE    .pdf：生成打印用名单；.xlsx：生成带标题行的 Excel 名单\n"
     "                （不填则在终端输出）\n"
     "  --json        输出 JSON 数组（不能与 --out 同用）\n"
     "  已亡故的党员不列出。\n"},
    {"care plans", cmd_care_plans, "bangfu care plans [--year Y] [--org CODE] [--overdue] [--json]",
     "列出帮扶计划（脱贫规划）及其措施完成情况",
     "  --year Y      只列该年度的计划（默认全部年度）\n"
     "  --org CODE    只列该组织及下级组织党员的计划（默认全区）\n"
     "  --overdue     只列有逾期措施（未完成、未放弃且已过完成期限）的计划\n"
     "  --json        输出 JSON 数组\n"
     "  计划在管理后台“帮扶计划”中制定和更新进展。\n"},
    {"roll list", cmd_roll_list,
     "bangfu roll list [--org CODE] [--as-of DATE | --view current|pending|exited|all] "
     "[--category C] [--tier T] [--cause C] [--limit N] [--json]",
     "列出困难党员台账（某组织及下级，当前在册或某一天在册的）",
     "  --org CODE       只列该组织及下级组织的台账（默认全区）\n"
     "  --as-of DATE     列出这一天在册的困难党员，类别、档次等为当天的值\n"
     "  --view V         current（默认：在册）、pending（待确认）、exited（已脱困）、all（全部）\n"
     "  --category C     类别：capacity 造血型、relief 输血型、care 关爱型\n"
     "  --tier T         档次：severe 特别困难、moderate 比较困难、temporary 暂时困难\n"
     "  --cause C        致困原因代码（如 illness）\n"
     "  --limit N        最多列出多少条（默认 200）\n"
     "  --json           输出 JSON 数组\n"},
    {"roll show", cmd_roll_show, "bangfu roll show ID [--as-of DATE]",
     "显示一条台账记录及其全部变动记录",
     "  ID               台账记录编号\n"
     "  --as-of DATE     显示这一天的类别、档次等（由变动记录还原）\n"},
    {"roll register", cmd_roll_register,
     "bangfu roll register --member ID --category C --tier T [--since DATE] [--causes A,B] "
     "[--income-fen N] [--needs TEXT]",
     "把党员登记进困难党员台账（命令行以组织部身份登记，直接在册）",
     "  --member ID      党员编号\n"
     "  --category C     类别：capacity、relief 或 care\n"
     "  --tier T         档次：severe、moderate 或 temporary\n"
     "  --since DATE     纳入日期（默认今天）\n"
     "  --causes A,B     致困原因代码，逗号分隔\n"
     "  --income-fen N   人均年纯收入（分）\n"
     "  --needs TEXT     急需何种帮助\n"
     "  已脱困的党员再次登记即为返贫，与上一时段关联。\n"},
    {"roll confirm", cmd_roll_confirm, "bangfu roll confirm ID [--reason TEXT]",
     "确认党支部报来的台账登记或脱困", "  --reason TEXT    说明（可不填）\n"},
    {"roll reject", cmd_roll_reject, "bangfu roll reject ID --reason TEXT",
     "退回党支部报来的台账登记或脱困", "  --reason TEXT    退回原因（必填）\n"},
    {"roll exit", cmd_roll_exit, "bangfu roll exit ID --on DATE --reason R [--note TEXT]",
     "办理脱困：台账记录在该日期结束（记录保留，可查历史）",
     "  --on DATE        脱困日期（不晚于今天，不早于纳入日期）\n"
     "  --reason R       income 收入超过标准、work 实现就业、moved 迁出、deceased 亡故、\n"
     "                   other 其他\n"
     "  --note TEXT      脱困说明（原因为 other 时必填）\n"},
    {"roll review open", cmd_roll_review_open,
     "bangfu roll review open --kind june|november --finish DATE [--year Y] [--title TEXT]",
     "开启台账动态调整（每年6月、11月；命令行以组织部身份，全区在册困难党员逐一纳入）",
     "  --kind K         june（6月）或 november（11月，兼作年度登记审核）\n"
     "  --finish DATE    完成期限（不早于今天）；逾期未确认的列为逾期，11月的在台账上标记\n"
     "  --year Y         年度（默认今年）\n"
     "  --title TEXT     名称（默认「2027 年 6 月台账动态调整」）\n"},
    {"roll review list", cmd_roll_review_list, "bangfu roll review list",
     "列出台账动态调整及其进度", ""},
    {"roll review progress", cmd_roll_review_progress, "bangfu roll review progress ID",
     "台账动态调整按组织的进度（待填报、待确认、已确认、逾期）", "  ID               调整编号\n"},
    {"roll review close", cmd_roll_review_close, "bangfu roll review close ID",
     "结束台账动态调整（未确认的保留原状，11月的仍在台账上标记）", "  ID               调整编号\n"},
    {"roll import", cmd_roll_import,
     "bangfu roll import FILE.csv|FILE.xlsx [--skip-invalid] [--errors OUT.csv]",
     "建库：从各地已有的困难党员台账（CSV 或 Excel 的 .xlsx）导入，按身份证号码对应党员名册",
     "  表头（按列名识别，顺序不限；表头前可有标题行）：身份证号码,纳入日期,类别,档次,\n"
     "        致困原因,人均年纯收入（元）,收入来源,享受其他补贴,思想动态,急需何种帮助；\n"
     "        可选：姓名（须与名册一致）,家庭结构,家庭人口\n"
     "  纳入日期：2025-6-1、2025/06/01、2025年6月1日或 Excel 的日期；收入：3600、3,600、\n"
     "        3600.5 或 3600元；类别：造血型、输血型、关爱型；档次：特别困难、比较困难、\n"
     "        暂时困难；致困原因用名称（因病、因残 …），多项用顿号、逗号、斜杠或空格分开\n"
     "  错误行：身份证号码不在名册或不在管辖范围内、已在台账中（已有的记录在台账中修改，\n"
     "        不再导入）、同一党员出现两次、任何一格无法识别。\n"
     "  默认全部正确才导入：有错误行时一条也不导入，并列出每个错误行（行号、列、原因）。\n"
     "  --skip-invalid   只导入正确的行\n"
     "  --errors FILE    把错误行及原因写入此 CSV 文件\n"},
    {"verification list", cmd_verification_list, "bangfu verification list",
     "列出走访核查抽样：编号、年度、随机种子、总体、抽取、已核查、发现的问题", ""},
    {"verification redraw", cmd_verification_redraw, "bangfu verification redraw ID",
     "用记录的随机种子和抽样总体重新抽样，与记录的抽样结果比对（供检查人员复核）",
     "  ID   核查抽样编号（bangfu verification list）\n"
     "  输出种子、抽样总体的 SM3 摘要和重新抽取的案件；与记录一致时退出码为 0，否则为 1。\n"
     "  抽样方法：每个党(工)委按编号从小到大，其已发放案件按档案编号从小到大排列，\n"
     "  以 splitmix64（种子异或 党(工)委编号×0x9E3779B97F4A7C15）逐个打乱，取前 k 件\n"
     "  （k = 件数×比例 向上取整，至少为最少件数，不超过件数）。\n"},
    {"verification draw", cmd_verification_draw,
     "bangfu verification draw --year YYYY --share P --seed HEX [--min N]",
     "按种子对某年度现有的已发放案件试抽样（不保存），用于演示或核对抽样方法",
     "  --year YYYY   案件年度\n"
     "  --share P     每个党(工)委抽取的百分比（1–100）\n"
     "  --seed HEX    随机种子（1–16 位十六进制数字）\n"
     "  --min N       有已发放案件的党(工)委至少抽取的件数（默认 1）\n"},
    {"verification report", cmd_verification_report,
     "bangfu verification report ID --out FILE.pdf|FILE.xlsx",
     "生成走访核查报告：PDF 为抽样说明、各党(工)委进度与发现的问题；XLSX 为逐件核查明细",
     "  ID        核查抽样编号\n"
     "  --out F   输出文件，以 .pdf 或 .xlsx 结尾\n"},
    {NULL, NULL, NULL, NULL, NULL},
};

static void print_help(void)
{
	printf("bangfu — 困难党员帮扶管理系统\n\n用法：bangfu 命令 [选项]\n\n命令：\n");
	for (const struct command *c = cli_commands; c->name; c++)
		printf("  %-15s %s\n", c->name, c->summary);
	printf("\n每个命令都接受（可放在命令行任意位置）：\n" GLOBAL_HELP
	       "\n查看某个命令的说明：bangfu 命令 --help\n");
}

/* "bangfu ledger" (a group without its second word, or with a wrong one):
 * lists the group's commands.  0 when word names no group. */
static int print_group(const char *word)
{
	size_t len = strlen(word), n = 0;
	for (const struct command *c = cli_commands; c->name; c++) {
		if (strncmp(c->name, word, len) || c->name[len] != ' ')
			continue;
		if (!n++)
			fprintf(stderr, "错误：“%s”后面须跟子命令：\n", word);
		fprintf(stderr, "  bangfu %-15s %s\n", c->name, c->summary);
	}
	return n > 0;
}

int cli_usage(const char *name)
{
	for (const struct command *c = cli_commands; c->name; c++)
		if (!strcmp(c->name, name)) {
			fprintf(stderr, "用法：%s\n", c->usage);
			fprintf(stderr, "详细说明：bangfu %s --help\n", name);
		}
	return 2;
}

int cli_wants_help(const char *name, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			for (const struct command *c = cli_commands; c->name; c++)
				if (!strcmp(c->name, name))
					printf("用法：%s\n\n%s\n\n选项：\n%s" GLOBAL_HELP, c->usage,
					       c->summary, c->help);
			return 1;
		}
	return 0;
}

/* Takes --db/--key (spaced or with '=') out of argv; returns -1 when one
 * lacks its value. */
static int take_globals(struct cli *cli, int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		const char **slot = !strncmp(a, "--db", 4)    ? &cli->db_url
				    : !strncmp(a, "--key", 5) ? &cli->key_path
							      : NULL;
		size_t len = slot == &cli->db_url ? 4 : 5;
		if (slot && a[len] == '=') {
			*slot = a + len + 1;
		} else if (slot && a[len] == '\0') {
			if (i + 1 >= *argc)
				return -1;
			*slot = argv[++i];
		} else {
			argv[out++] = argv[i];
		}
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

static const struct command *find_command(int argc, char **argv, int *words)
{
	char two[64], three[96];
	if (argc < 2)
		return NULL;
	snprintf(two, sizeof(two), "%s %s", argv[1], argc > 2 ? argv[2] : "");
	/* three words: `roll review open` */
	snprintf(three, sizeof(three), "%s %s", two, argc > 3 ? argv[3] : "");
	for (const struct command *c = cli_commands; argc > 3 && c->name; c++) {
		if (!strcmp(c->name, three)) {
			*words = 3;
			return c;
		}
	}
	for (const struct command *c = cli_commands; c->name; c++) {
		if (!strcmp(c->name, two)) {
			*words = 2;
			return c;
		}
		if (!strcmp(c->name, argv[1])) {
			*words = 1;
			return c;
		}
	}
	return NULL;
}

/* log.h's lines (an engine's own error text, a transaction's retries):
 * a command's user is the operator, so they go to standard error;
 * `serve` sends them to its access log instead. */
static void log_to_stderr(void *ctx, const char *line)
{
	fprintf(stderr, "bangfu: 日志：%s\n", line);
}

int main(int argc, char **argv)
{
	struct cli cli;
	int words = 0;
	memset(&cli, 0, sizeof(cli));
	log_set_sink(log_to_stderr, NULL);
	if (take_globals(&cli, &argc, argv)) {
		fprintf(stderr, "错误：--db 和 --key 后面须跟一个值\n");
		return 2;
	}
	if (!cli.db_url)
		cli.db_url = getenv("BANGFU_DB");
	if (!cli.db_url || !*cli.db_url)
		cli.db_url = "sqlite:var/bangfu.db";
	if (!cli.key_path)
		cli.key_path = getenv("BANGFU_KEY");
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		print_help();
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bangfu %s\n", BANGFU_VERSION);
		return 0;
	}
	/* Hidden (not in --help): the route table with its expected answers,
	 * read by the authorisation-matrix test (tests/api/matrix.test.mjs). */
	if (argc == 3 && !strcmp(argv[1], "routes") && !strcmp(argv[2], "--json"))
		return cmd_routes_json();
	const struct command *c = find_command(argc, argv, &words);
	if (!c) {
		if (!print_group(argv[1]))
			fprintf(stderr, "错误：未知命令“%s”。运行 bangfu --help 查看全部命令。\n",
				argv[1]);
		return 2;
	}
	/* argv[0] of the command is its last word. */
	int rc = cli_wants_help(c->name, argc, argv) ? 0 : c->fn(&cli, argc - words, argv + words);
	cli_close(&cli);
	return rc;
}
