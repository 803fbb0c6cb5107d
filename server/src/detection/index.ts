// The detection core: pure, synchronous, no NestJS and no database. Import from here.
export type { CampaignDetails, Decision, DecisionBand, DecisionKind, Sensitivity, SeverityHint, SpikeDetails } from './types.js';
export { DetectionDriver, type DetectionDriverOptions, type DetectionPost, type DriverSnapshot, type MinuteDelta, type ProgramDetectionSettings } from './driver.js';
export { backtest, type BacktestMetricPoint, type BacktestOptions, type BacktestPoint, type BacktestResult, type BacktestRow } from './backtest.js';
export { CountSpikeDetector, DEFAULT_COUNT_SETTINGS, type CountDetectorSettings, type CountEvaluation, type WindowCheck } from './count-detector.js';
export { NegativeShareDetector, DEFAULT_SHARE_SETTINGS, type ShareSettings } from './share-detector.js';
export { CampaignDetector, DEFAULT_CAMPAIGN_SETTINGS, type CampaignPost, type CampaignSettings } from './campaign.js';
export { detectCsv, type DetectCsvResult } from './detect-csv.js';
export { SeriesCsvError, parseSeriesCsv } from './series-csv.js';
export { runCountSeries } from './series.js';
export { NAB_PROFILES, nabScoreCorpus, nabScoreFile, type NabProfileName } from './nab-score.js';
