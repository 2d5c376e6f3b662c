// Number, byte and shape formatting shared by every face (CLI, editor, dashboard).
// TEMPORARY: the functions live in webview-ui/format.ts while the dashboard is being written; they move here.
export { formatBytes, formatCount, formatCompact, formatShape, formatShapes } from '../../webview-ui/format';
