/**
 * Plot builders: each returns a `Figure` that shows as an interactive plotly plot in the
 * kernel (offline, with the bundled plotly.js) and saves as a standalone HTML file.
 * @example
 * import { plot } from "gradlab";
 * plot.fn(Math.tanh, [-3, 3], { derivative: true, tangentAt: 0 });
 */
export { Figure } from "./figure";
export type { Trace, Layout, Config, FigureOptions } from "./figure";
export { fn } from "./fn";
export type { FnOptions } from "./fn";
export { line, scatter } from "./line";
export type { LineOptions, Series } from "./line";
export { surface, contour } from "./surface";
export type { Surface, SurfaceOptions } from "./surface";
export { training } from "./training";
export type { History, TrainingOptions } from "./training";
export { heatmap, images } from "./heatmap";
export type { HeatmapOptions, ImagesOptions } from "./heatmap";
export { resendLibrary, plotlyVersion } from "./offline";
export type { Function1, Function2, Expression } from "./sample";
export type { Numbers, Matrix, Path } from "./data";
