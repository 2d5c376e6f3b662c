// The dashboard's API for extension.ts: the registry of open panels (Dashboards), the runs repository they share.
export { Dashboards, DASHBOARD_VIEW_TYPE } from './dashboards';
export { DashboardPanel, type DashboardModelSource, type DashboardServices, type DashboardTrafficObserver } from './dashboardPanel';
export type { DashboardTarget } from './dashboardTarget';
export type { PyTorchModels } from './pytorchModels';
export { readRunsIn, RunsRepository } from './runsRepository';
export { TrainingBuffer } from './trainingBuffer';
