import { isHarbin, type CooperationMode, type District, type NeedKind } from '../../../common/domain/vocabulary.js';
import { SCORING } from './scoring-config.js';

export interface Factor {
  value: number;
  /** Why, for the coordinator: Chinese first, then English. */
  reason: string;
}

export interface Factors {
  cooperation: Factor;
  trl: Factor;
  location: Factor;
}

const F = SCORING.factors;

export function cooperationFactor(wanted: readonly CooperationMode[], offered: readonly CooperationMode[]): Factor {
  if (!wanted.length || !offered.length)
    return { value: F.cooperation.unspecified, reason: '合作方式未注明 / cooperation modes not stated' };
  const shared = wanted.filter((m) => offered.includes(m));
  return shared.length
    ? { value: F.cooperation.overlap, reason: `合作方式一致：${shared.join(', ')} / shared cooperation modes` }
    : { value: F.cooperation.disjoint, reason: '合作方式不一致 / no cooperation mode in common' };
}

export function trlFactor(needKind: NeedKind, trl: number | null): Factor {
  if (needKind !== 'technical_problem')
    return { value: 1, reason: '此类需求不看技术就绪度 / TRL does not apply to this kind of need' };
  if (trl === null) return { value: F.trl.unknown, reason: '技术就绪度未注明 / TRL not stated' };
  if (trl >= 7)
    return { value: F.trl.ready, reason: `技术就绪度 ${trl}，可直接应用 / TRL ${trl}: ready for production` };
  if (trl >= 5)
    return { value: F.trl.high, reason: `技术就绪度 ${trl}，已有样机验证 / TRL ${trl}: validated prototype` };
  if (trl >= 3) return { value: F.trl.medium, reason: `技术就绪度 ${trl}，尚需中试 / TRL ${trl}: needs scale-up` };
  return { value: F.trl.low, reason: `技术就绪度 ${trl}，仍处研究阶段 / TRL ${trl}: early research` };
}

export function locationFactor(needDistrict: District, capabilityDistrict: District): Factor {
  if (isHarbin(needDistrict) && isHarbin(capabilityDistrict)) {
    return {
      value: F.location.bothInHarbin,
      reason:
        needDistrict === capabilityDistrict
          ? `同在哈尔滨${needDistrict}，可就地转化 / both in ${needDistrict}, Harbin`
          : `同在哈尔滨（${capabilityDistrict}→${needDistrict}），可就地转化 / both in Harbin`,
    };
  }
  return { value: F.location.otherwise, reason: '一方不在哈尔滨 / one party is outside Harbin' };
}
