/** The fields of ARI events that the adapter reads (Asterisk 22 shapes). */
export interface AriChannelJson {
  id: string;
  name: string;
  state: string;
  caller: { name: string; number: string };
  connected?: { name: string; number: string };
  dialplan: { context: string; exten: string; priority: number; app_name?: string; app_data?: string };
  channelvars?: Record<string, string>;
  language?: string;
}

export interface AriEvent {
  type: string;
  application?: string;
  timestamp?: string;
  channel?: AriChannelJson;
  args?: string[];
  digit?: string;
  duration_ms?: number;
  cause?: number;
  soft?: boolean;
  playback?: { id: string; state: string; target_uri: string; media_uri: string };
  recording?: { name: string; state: string; duration?: number; target_uri: string; cause?: string };
  peer?: AriChannelJson;
  dialstatus?: string;
  bridge?: { id: string };
}
