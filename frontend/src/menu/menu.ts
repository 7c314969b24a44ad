// The left menu: groups of pages, each page shown only when the user holds
// its permission. Later issues add their groups here.

export type MenuIcon = 'home' | 'setting' | 'office' | 'user' | 'document' | 'suggestion' | 'list' | 'create' | 'calendar' | 'tag' | 'hearing' | 'officer' | 'case' | 'upload' | 'chart' | 'report'

export interface MenuItem {
  /** Route name the item opens. */
  route: string
  titleKey: string
  icon: MenuIcon
  /** Permission needed to see the item; none means everyone signed in. */
  permission?: string
}

export interface MenuGroup {
  key: string
  titleKey: string
  icon: MenuIcon
  children: MenuItem[]
}

export type MenuEntry = MenuItem | MenuGroup

export function isMenuGroup(e: MenuEntry): e is MenuGroup {
  return 'children' in e
}

export const MENU: readonly MenuEntry[] = [
  { route: 'home', titleKey: 'nav.home', icon: 'home' },
  {
    key: 'suggestions',
    titleKey: 'nav.suggestions',
    icon: 'suggestion',
    children: [
      { route: 'suggestions', titleKey: 'nav.suggestionList', icon: 'list', permission: 'suggestion:read' },
      { route: 'suggestion-new', titleKey: 'nav.suggestionNew', icon: 'create', permission: 'suggestion:create' },
    ],
  },
  {
    key: 'hearings',
    titleKey: 'nav.hearings',
    icon: 'hearing',
    children: [
      { route: 'hearings', titleKey: 'nav.hearingList', icon: 'list', permission: 'hearing:read' },
      { route: 'hearing-new', titleKey: 'nav.hearingNew', icon: 'create', permission: 'hearing:create' },
      { route: 'officers', titleKey: 'nav.officers', icon: 'officer', permission: 'officer:read' },
    ],
  },
  {
    key: 'cases',
    titleKey: 'nav.cases',
    icon: 'case',
    children: [
      { route: 'cases', titleKey: 'nav.caseList', icon: 'list', permission: 'case:read' },
      { route: 'case-new', titleKey: 'nav.caseNew', icon: 'create', permission: 'case:create' },
      { route: 'imports', titleKey: 'nav.imports', icon: 'upload', permission: 'case:import' },
    ],
  },
  {
    key: 'analysis',
    titleKey: 'nav.analysis',
    icon: 'chart',
    children: [
      { route: 'class-cases', titleKey: 'nav.classCases', icon: 'chart', permission: 'metric:read' },
      { route: 'report', titleKey: 'nav.report', icon: 'report', permission: 'report:read' },
      { route: 'indicators', titleKey: 'nav.indicators', icon: 'document', permission: 'indicator:read' },
    ],
  },
  {
    key: 'admin',
    titleKey: 'nav.admin',
    icon: 'setting',
    children: [
      { route: 'units', titleKey: 'nav.units', icon: 'office', permission: 'unit:update' },
      { route: 'users', titleKey: 'nav.users', icon: 'user', permission: 'user:read' },
      { route: 'calendar', titleKey: 'nav.calendar', icon: 'calendar', permission: 'calendar:update' },
      { route: 'categories', titleKey: 'nav.categories', icon: 'tag', permission: 'category:update' },
      { route: 'audit', titleKey: 'nav.audit', icon: 'document', permission: 'audit:read' },
    ],
  },
]

function allowed(item: MenuItem, perms: ReadonlySet<string>): boolean {
  return item.permission === undefined || perms.has(item.permission)
}

/** The entries the user may see; a group with no visible child disappears. */
export function filterMenu(menu: readonly MenuEntry[], permissions: Iterable<string>): MenuEntry[] {
  const perms = new Set(permissions)
  const out: MenuEntry[] = []
  for (const entry of menu) {
    if (isMenuGroup(entry)) {
      const children = entry.children.filter((c) => allowed(c, perms))
      if (children.length > 0) out.push({ ...entry, children })
    } else if (allowed(entry, perms)) {
      out.push(entry)
    }
  }
  return out
}

/** The group that holds a route, for breadcrumbs and the open submenu. */
export function findGroupOf(menu: readonly MenuEntry[], routeName: string): MenuGroup | undefined {
  return menu.filter(isMenuGroup).find((g) => g.children.some((c) => c.route === routeName))
}
