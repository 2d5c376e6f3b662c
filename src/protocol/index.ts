// The one protocol module that host, trainer, CLI and webview import.
export * from './validate';
export * from './training';
export * from './runs';
export * from './trainer';
export * from './dashboard';
export * from './explore';
export { analysis as analysisValidator, layerAnalysis as layerAnalysisValidator, shape as shapeValidator } from './analysis';
export * from './dashboardState';
