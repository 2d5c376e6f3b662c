// The dashboard's API for extension.ts (see README of the panel in dashboardPanel.ts).
export { DashboardPanel, DASHBOARD_VIEW_TYPE, postTrainingMessage, readRuns, readRunsIn, registerDashboardSerializer, setDashboardLog, setDashboardModelSource, type DashboardModelSource, type DashboardTarget } from './dashboardPanel';
