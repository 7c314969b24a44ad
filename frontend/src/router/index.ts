import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { i18n } from '@/i18n'
import { decideNavigation } from './guard'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** Permission needed to open the page. */
    permission?: string
    /** i18n key of the page title. */
    titleKey?: string
    /** i18n key of the menu group, shown as the middle breadcrumb. */
    groupKey?: string
    /** Route name of the list this page belongs to: a breadcrumb link and the highlighted menu item. */
    parent?: string
    /** The view renders the page's one h1 itself; otherwise the layout gives the page title as a hidden h1. */
    ownHeading?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('@/views/PasswordView.vue'),
    meta: { titleKey: 'password.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { ownHeading: true, titleKey: 'nav.home' } },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/views/NotificationsView.vue'),
        meta: { titleKey: 'notifications.pageTitle' },
      },
      {
        path: 'suggestions',
        name: 'suggestions',
        component: () => import('@/views/suggestions/SuggestionListView.vue'),
        meta: { titleKey: 'nav.suggestionList', groupKey: 'nav.suggestions', permission: 'suggestion:read' },
      },
      {
        path: 'suggestions/new',
        name: 'suggestion-new',
        component: () => import('@/views/suggestions/SuggestionFormView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.suggestionNew', groupKey: 'nav.suggestions', permission: 'suggestion:create' },
      },
      {
        path: 'suggestions/:id(\\d+)',
        name: 'suggestion-detail',
        component: () => import('@/views/suggestions/SuggestionDetailView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.suggestionDetail', groupKey: 'nav.suggestions', permission: 'suggestion:read', parent: 'suggestions' },
      },
      {
        path: 'suggestions/:id(\\d+)/edit',
        name: 'suggestion-edit',
        component: () => import('@/views/suggestions/SuggestionFormView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.suggestionEdit', groupKey: 'nav.suggestions', permission: 'suggestion:edit', parent: 'suggestions' },
      },
      {
        path: 'hearings',
        name: 'hearings',
        component: () => import('@/views/hearings/HearingListView.vue'),
        meta: { titleKey: 'nav.hearingList', groupKey: 'nav.hearings', permission: 'hearing:read' },
      },
      {
        path: 'hearings/new',
        name: 'hearing-new',
        component: () => import('@/views/hearings/HearingFormView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.hearingNew', groupKey: 'nav.hearings', permission: 'hearing:create' },
      },
      {
        path: 'hearings/:id(\\d+)',
        name: 'hearing-detail',
        component: () => import('@/views/hearings/HearingDetailView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.hearingDetail', groupKey: 'nav.hearings', permission: 'hearing:read', parent: 'hearings' },
      },
      {
        path: 'hearings/:id(\\d+)/edit',
        name: 'hearing-edit',
        component: () => import('@/views/hearings/HearingFormView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.hearingEdit', groupKey: 'nav.hearings', permission: 'hearing:edit', parent: 'hearings' },
      },
      {
        path: 'hearing-officers',
        name: 'officers',
        component: () => import('@/views/hearings/OfficerPoolView.vue'),
        meta: { titleKey: 'nav.officers', groupKey: 'nav.hearings', permission: 'officer:read' },
      },
      {
        path: 'cases',
        name: 'cases',
        component: () => import('@/views/cases/CaseListView.vue'),
        meta: { titleKey: 'nav.caseList', groupKey: 'nav.cases', permission: 'case:read' },
      },
      {
        path: 'cases/new',
        name: 'case-new',
        component: () => import('@/views/cases/CaseFormView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.caseNew', groupKey: 'nav.cases', permission: 'case:create' },
      },
      {
        path: 'cases/:id(\\d+)',
        name: 'case-detail',
        component: () => import('@/views/cases/CaseDetailView.vue'),
        meta: { ownHeading: true, titleKey: 'nav.caseDetail', groupKey: 'nav.cases', permission: 'case:read', parent: 'cases' },
      },
      {
        path: 'imports',
        name: 'imports',
        component: () => import('@/views/cases/ImportView.vue'),
        meta: { titleKey: 'nav.imports', groupKey: 'nav.cases', permission: 'case:import' },
      },
      {
        path: 'analysis/class-cases/:category([a-z_]+)?',
        name: 'class-cases',
        component: () => import('@/views/analysis/ClassCaseAnalysisView.vue'),
        meta: { titleKey: 'nav.classCases', groupKey: 'nav.analysis', permission: 'metric:read' },
      },
      {
        path: 'reports/bimonthly',
        name: 'report',
        component: () => import('@/views/analysis/BimonthlyReportView.vue'),
        meta: { titleKey: 'nav.report', groupKey: 'nav.analysis', permission: 'report:read' },
      },
      {
        path: 'indicators',
        name: 'indicators',
        component: () => import('@/views/analysis/IndicatorCatalogView.vue'),
        meta: { titleKey: 'nav.indicators', groupKey: 'nav.analysis', permission: 'indicator:read' },
      },
      {
        path: 'admin/units',
        name: 'units',
        component: () => import('@/views/admin/UnitsView.vue'),
        meta: { titleKey: 'nav.units', groupKey: 'nav.admin', permission: 'unit:update' },
      },
      {
        path: 'admin/users',
        name: 'users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { titleKey: 'nav.users', groupKey: 'nav.admin', permission: 'user:read' },
      },
      {
        path: 'admin/calendar',
        name: 'calendar',
        component: () => import('@/views/admin/CalendarView.vue'),
        meta: { titleKey: 'nav.calendar', groupKey: 'nav.admin', permission: 'calendar:update' },
      },
      {
        path: 'admin/categories',
        name: 'categories',
        component: () => import('@/views/admin/CategoriesView.vue'),
        meta: { titleKey: 'nav.categories', groupKey: 'nav.admin', permission: 'category:update' },
      },
      {
        path: 'admin/audit',
        name: 'audit',
        component: () => import('@/views/admin/AuditView.vue'),
        meta: { titleKey: 'nav.audit', groupKey: 'nav.admin', permission: 'audit:read' },
      },
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/ForbiddenView.vue'),
        meta: { titleKey: 'pages.forbiddenTitle' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { titleKey: 'pages.notFoundTitle' },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (!to.meta.public || to.name === 'login') {
    try {
      await auth.ensureChecked()
    } catch {
      // Server unreachable or failing: treat as signed out; the login page reports errors.
    }
  }
  return decideNavigation(to, {
    authenticated: auth.authenticated,
    mustChangePassword: auth.mustChangePassword,
    permissions: auth.permissionSet,
  })
})

router.afterEach((to) => {
  const title = to.meta.titleKey ? i18n.global.t(to.meta.titleKey) : ''
  document.title = title ? `${title} · Procura` : 'Procura'
})
