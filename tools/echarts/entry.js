// The parts of ECharts the site's charts use; build.sh bundles them into
// one script that defines the global `echarts`.
import { use, init, registerMap, getInstanceByDom, version } from 'echarts/core';
import { BarChart, LineChart, ScatterChart, HeatmapChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapContinuousComponent,
  GeoComponent,
  TitleComponent,
  GraphicComponent,
  AriaComponent
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

use([
  BarChart, LineChart, ScatterChart, HeatmapChart,
  GridComponent, TooltipComponent, LegendComponent, VisualMapContinuousComponent,
  GeoComponent, TitleComponent, GraphicComponent, AriaComponent,
  CanvasRenderer, SVGRenderer
]);

export { init, registerMap, getInstanceByDom, version };
