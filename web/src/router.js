// router.js - the console's pages.  Hash history, so a reload of any page
// works whatever the server answers for paths other than / (it only has to
// serve index.html at /).  The guard asks the server once per page load
// whether the session cookie is still good, and sends strangers to the login
// and a user whose password must be changed first to the change page.
import { createRouter, createWebHashHistory } from 'vue-router'
import { session, probe, loadMeta } from './session.js'
import MainLayout from './components/MainLayout.vue'
import { loginQuery } from './lib/redirect.js'

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
  // The page a user whose password must be changed first is kept on.
  { path: '/password', name: 'password-change', component: () => import('./views/PasswordChangeView.vue'), meta: { title: '修改密码' } },
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页', crumbs: [] } },
      { path: 'orgs', name: 'orgs', component: () => import('./views/OrgsView.vue'), meta: { title: '组织机构', crumbs: ['组织机构'] } },
      { path: 'members', name: 'members', component: () => import('./views/MemberList.vue'), meta: { title: '党员名册', crumbs: ['党员名册'] } },
      {
        path: 'members/new',
        name: 'member-new',
        component: () => import('./views/MemberForm.vue'),
        meta: { title: '新增党员', crumbs: [{ label: '党员名册', to: { name: 'members' } }, '新增党员'], roles: ['admin', 'department', 'committee', 'branch'] },
      },
      {
        path: 'members/:id(\\d+)',
        name: 'member',
        component: () => import('./views/MemberDetail.vue'),
        meta: { title: '党员详情', crumbs: [{ label: '党员名册', to: { name: 'members' } }, '党员详情'] },
      },
      {
        path: 'members/:id(\\d+)/edit',
        name: 'member-edit',
        component: () => import('./views/MemberForm.vue'),
        meta: { title: '编辑党员', crumbs: [{ label: '党员名册', to: { name: 'members' } }, '编辑党员'], roles: ['admin', 'department', 'committee', 'branch'] },
      },
      // The hardship roll (issue #11).
      { path: 'roll', name: 'roll', component: () => import('./views/RollList.vue'), meta: { title: '困难党员台账', crumbs: ['困难党员台账'] } },
      {
        path: 'roll/:id(\\d+)',
        name: 'roll-entry',
        component: () => import('./views/RollDetail.vue'),
        meta: { title: '台账记录', crumbs: [{ label: '困难党员台账', to: { name: 'roll' } }, '台账记录'] },
      },
      // The aid procedure (issue #3).
      { path: 'talks', name: 'talks', component: () => import('./views/TalksView.vue'), meta: { title: '谈心谈话', crumbs: ['党员关怀', '谈心谈话'] } },
      { path: 'birthdays', name: 'birthdays', component: () => import('./views/BirthdaysView.vue'), meta: { title: '政治生日', crumbs: ['党员关怀', '政治生日'] } },
      { path: 'celebrations', name: 'celebrations', component: () => import('./views/CelebrationsView.vue'), meta: { title: '七一集体政治生日', crumbs: ['党员关怀', '七一集体政治生日'] } },
      {
        path: 'celebrations/:id(\\d+)',
        name: 'celebration',
        component: () => import('./views/CelebrationDetail.vue'),
        meta: { title: '七一活动', crumbs: ['党员关怀', { label: '七一集体政治生日', to: { name: 'celebrations' } }, '活动'] },
      },
      { path: 'medals', name: 'medals', component: () => import('./views/MedalsView.vue'), meta: { title: '光荣在党50年', crumbs: ['党员关怀', '光荣在党50年'] } },
      { path: 'todo', name: 'todo', component: () => import('./views/TodoView.vue'), meta: { title: '待办事项', crumbs: ['待办事项'] } },
      // 技能培训, care (issue #12).
      { path: 'pairings', name: 'pairings', component: () => import('./views/PairingList.vue'), meta: { title: '结对帮扶', crumbs: ['结对帮扶'] } },
      {
        path: 'pairings/:id(\\d+)',
        name: 'pairing',
        component: () => import('./views/PairingDetail.vue'),
        meta: { title: '结对帮扶', crumbs: [{ label: '结对帮扶', to: { name: 'pairings' } }, '结对'] },
      },
      { path: 'visits', name: 'visits', component: () => import('./views/VisitList.vue'), meta: { title: '走访慰问', crumbs: ['走访慰问'] } },
      { path: 'visit-rounds', name: 'visit-rounds', component: () => import('./views/VisitRounds.vue'), meta: { title: '节日走访慰问', crumbs: [{ label: '走访慰问', to: { name: 'visits' } }, '节日走访慰问'] } },
      { path: 'training', name: 'training-sessions', component: () => import('./views/TrainingList.vue'), meta: { title: '技能培训', crumbs: ['技能培训'] } },
      {
        path: 'training/:id(\\d+)',
        name: 'training',
        component: () => import('./views/TrainingDetail.vue'),
        meta: { title: '培训', crumbs: [{ label: '技能培训', to: { name: 'training-sessions' } }, '培训'] },
      },
      // Commendations (表彰, issue #12).
      { path: 'commendations', name: 'commendations', component: () => import('./views/CommendationList.vue'), meta: { title: '表彰评选', crumbs: ['表彰评选'] } },
      {
        path: 'commendations/:id(\\d+)',
        name: 'commendation',
        component: () => import('./views/CommendationDetail.vue'),
        meta: { title: '表彰评选', crumbs: [{ label: '表彰评选', to: { name: 'commendations' } }, '评选详情'] },
      },
      { path: 'honours', name: 'honours', component: () => import('./views/HonourList.vue'), meta: { title: '荣誉名单', crumbs: [{ label: '表彰评选', to: { name: 'commendations' } }, '荣誉名单'] } },
      // 帮扶计划, care (issue #12).
      { path: 'plans', name: 'help-plans', component: () => import('./views/PlanList.vue'), meta: { title: '帮扶计划', crumbs: ['帮扶计划'] } },
      { path: 'plans/new', name: 'help-plan-new', component: () => import('./views/PlanForm.vue'), meta: { title: '制定帮扶计划', crumbs: [{ label: '帮扶计划', to: { name: 'help-plans' } }, '制定计划'] } },
      {
        path: 'plans/:id(\\d+)',
        name: 'help-plan',
        component: () => import('./views/PlanDetail.vue'),
        meta: { title: '帮扶计划', crumbs: [{ label: '帮扶计划', to: { name: 'help-plans' } }, '计划'] },
      },
      // The June and November reviews of the roll (issue #11).
      { path: 'roll-reviews', name: 'roll-reviews', component: () => import('./views/RollReviewList.vue'), meta: { title: '台账动态调整', crumbs: ['困难党员台账', '台账动态调整'] } },
      {
        path: 'roll-reviews/:id(\\d+)',
        name: 'roll-review',
        component: () => import('./views/RollReviewDetail.vue'),
        meta: { title: '动态调整', crumbs: [{ label: '台账动态调整', to: { name: 'roll-reviews' } }, '逐人调整'] },
      },
      { path: 'rounds', name: 'rounds', component: () => import('./views/RoundList.vue'), meta: { title: '年度帮扶', crumbs: ['帮扶工作', '年度帮扶'] } },
      {
        path: 'rounds/:id(\\d+)/progress',
        name: 'round-progress',
        component: () => import('./views/RoundProgress.vue'),
        meta: { title: '进度统计', crumbs: [{ label: '年度帮扶', to: { name: 'rounds' } }, '进度统计'] },
      },
      { path: 'cases', name: 'cases', component: () => import('./views/CaseList.vue'), meta: { title: '帮扶案件', crumbs: ['帮扶工作', '帮扶案件'] } },
      {
        path: 'cases/new',
        name: 'case-new',
        component: () => import('./views/CaseForm.vue'),
        meta: { title: '新建申请', crumbs: [{ label: '帮扶案件', to: { name: 'cases' } }, '新建申请'], roles: ['admin', 'department', 'committee', 'branch'] },
      },
      {
        path: 'cases/:id(\\d+)',
        name: 'case',
        component: () => import('./views/CaseDetail.vue'),
        meta: { title: '案件详情', crumbs: [{ label: '帮扶案件', to: { name: 'cases' } }, '案件详情'] },
      },
      { path: 'screening', name: 'screening', component: () => import('./views/ScreeningView.vue'), meta: { title: '程序筛查', crumbs: ['帮扶工作', '程序筛查'] } },
      {
        path: 'screening/:id(\\d+)',
        name: 'screening-batch',
        component: () => import('./views/ScreeningView.vue'),
        meta: { title: '筛查批次', crumbs: [{ label: '程序筛查', to: { name: 'screening' } }, '筛查批次'] },
      },
      { path: 'notices', name: 'notices', component: () => import('./views/NoticeList.vue'), meta: { title: '公示管理', crumbs: ['帮扶工作', '公示管理'] } },
      {
        path: 'notices/:id(\\d+)',
        name: 'notice',
        component: () => import('./views/NoticeDetail.vue'),
        meta: { title: '公示详情', crumbs: [{ label: '公示管理', to: { name: 'notices' } }, '公示详情'] },
      },
      // The verification campaign (走访核查, issue 11).
      { path: 'verifications', name: 'verifications', component: () => import('./views/VerificationList.vue'), meta: { title: '走访核查', crumbs: ['帮扶工作', '走访核查'] } },
      {
        path: 'verifications/:id(\\d+)',
        name: 'verification',
        component: () => import('./views/VerificationDetail.vue'),
        meta: { title: '核查详情', crumbs: [{ label: '走访核查', to: { name: 'verifications' } }, '核查详情'] },
      },
      {
        path: 'verification-checks/:id(\\d+)',
        name: 'verification-check',
        component: () => import('./views/VerificationCheck.vue'),
        meta: { title: '核查登记', crumbs: [{ label: '走访核查', to: { name: 'verifications' } }, '核查登记'] },
      },
      // The assistance fund (issue #4).
      { path: 'funds', name: 'funds', component: () => import('./views/FundList.vue'), meta: { title: '基金账户', crumbs: ['帮扶基金', '基金账户'] } },
      {
        path: 'funds/:id(\\d+)',
        name: 'fund',
        component: () => import('./views/FundDetail.vue'),
        meta: { title: '基金明细', crumbs: [{ label: '基金账户', to: { name: 'funds' } }, '基金明细'] },
      },
      { path: 'payments', name: 'payment-batches', component: () => import('./views/PaymentList.vue'), meta: { title: '资金拨付', crumbs: ['帮扶基金', '资金拨付'] } },
      {
        path: 'payments/new',
        name: 'payment-new',
        component: () => import('./views/PaymentNew.vue'),
        meta: { title: '新建拨付批次', crumbs: [{ label: '资金拨付', to: { name: 'payment-batches' } }, '新建拨付批次'], roles: ['admin', 'department', 'committee'] },
      },
      {
        path: 'payments/:id(\\d+)',
        name: 'payment-batch',
        component: () => import('./views/PaymentDetail.vue'),
        meta: { title: '拨付批次', crumbs: [{ label: '资金拨付', to: { name: 'payment-batches' } }, '拨付批次'] },
      },
      { path: 'loans', name: 'loans', component: () => import('./views/LoanList.vue'), meta: { title: '创业借款', crumbs: ['帮扶基金', '创业借款'] } },
      { path: 'recoveries', name: 'recoveries', component: () => import('./views/RecoveryList.vue'), meta: { title: '资金追回', crumbs: ['帮扶基金', '资金追回'] } },
      { path: 'statement', name: 'fund-statement', component: () => import('./views/StatementView.vue'), meta: { title: '资金报表', crumbs: ['帮扶基金', '资金报表'] } },
      { path: 'policy', name: 'policy', component: () => import('./views/PolicyView.vue'), meta: { title: '政策参数', crumbs: ['系统管理', '政策参数'] } },
      { path: 'calendar', name: 'calendar', component: () => import('./views/CalendarView.vue'), meta: { title: '工作日历', crumbs: ['系统管理', '工作日历'] } },
      { path: 'profile', name: 'profile', component: () => import('./views/ProfileView.vue'), meta: { title: '个人中心', crumbs: ['个人中心'] } },
      { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '用户管理', crumbs: ['系统管理', '用户管理'], roles: ['admin', 'department'] } },
      { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志', crumbs: ['系统管理', '审计日志'], roles: ['admin', 'auditor'] } },
      // A page the role may not open: says so, offers the way back and another login.
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/ForbiddenView.vue'), meta: { title: '无权访问', crumbs: ['无权访问'] } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在', crumbs: ['页面不存在'] } },
    ],
  },
]

const router = createRouter({
  history: createWebHashHistory('/'),
  routes,
  scrollBehavior: (to, from, saved) => saved || { top: 0 },
})

router.beforeEach(async (to) => {
  // a 401 met while this navigation loads (main.js) comes back here after the login
  router.pendingTarget = to
  try {
    await probe()
  } catch {
    // Server unreachable: the login page will say so when the user tries.
  }
  if (to.meta.public) {
    return session.user && to.name === 'login' ? { name: 'home' } : true
  }
  if (!session.user) {
    return { name: 'login', query: loginQuery(to.fullPath) }
  }
  // A generated, reset or expired password: nothing else until it is changed.
  if (session.passwordDue && to.name !== 'password-change') {
    return { name: 'password-change', query: loginQuery(to.fullPath) }
  }
  if (!session.passwordDue && to.name === 'password-change') return { name: 'home' }
  if (to.meta.roles && !to.meta.roles.includes(session.user.role)) return { name: 'forbidden', query: { from: to.fullPath } }
  if (!session.passwordDue) {
    // the server's today for the date defaults (lib/date.js); a failure is the page's to show
    await loadMeta().catch(() => {})
  }
  return true
})

router.afterEach((to) => {
  router.pendingTarget = null
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '困难党员帮扶管理系统'
})

export default router
